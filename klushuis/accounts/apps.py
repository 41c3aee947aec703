from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "klushuis.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The session's start is recorded at login, as django-otp and django-axes also do on
        # this signal, so that session lifetimes count from the login itself. Imported here:
        # the middleware module imports models, which are not loaded yet when apps.py is.
        from klushuis.accounts.middleware import session_started  # noqa: PLC0415

        user_logged_in.connect(session_started, dispatch_uid="klushuis_session_started")
