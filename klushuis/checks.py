"""Project-wide system checks."""

from django.core import checks


@checks.register(checks.Tags.security, checks.Tags.database, deploy=True)
def demo_second_factor_absent(app_configs, databases=None, **kwargs):
    """The demo's second-factor secret is published in the README: a device with it would let
    anyone who has the password in. `check --deploy --database default` refuses it."""
    if not databases:
        return []
    # Imported here: checks are registered while the app registry is still being set up.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from klushuis.demo.organisations import DEMO_TOTP_KEY

    errors = []
    for alias in databases:
        users = list(
            TOTPDevice.objects.using(alias)
            .filter(key=DEMO_TOTP_KEY)
            .values_list("user__email", flat=True)[:5]
        )
        if users:
            errors.append(
                checks.Error(
                    "Demo second-factor devices exist (published secret), for: " + ", ".join(users),
                    hint="This database holds the demo: never serve it in production. Remove "
                    "the demo accounts, or their devices, before going live.",
                    id="klushuis.E001",
                )
            )
    return errors
