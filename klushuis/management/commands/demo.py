from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from klushuis import demo
from klushuis.accounts.models import User
from klushuis.accounts.second_factor import DEMO_TOTP_SECRET
from klushuis.organisations.models import Organisation


class Command(BaseCommand):
    help = "Fill an empty database with a believable Dutch example (never in production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--applicants", type=int, default=300, help="Number of buyers (default 300)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already has data.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add the demo even though the database already has data.",
        )

    def handle(self, *args, applicants, if_empty, force, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo never runs in production (DJANGO_ENV=production).")
        if applicants < 1:
            raise CommandError("--applicants must be at least 1.")
        has_data = Organisation.objects.exists() or User.objects.exists()
        if has_data and if_empty:
            self.stdout.write("The database has data already; the demo is not loaded again.")
            # A demo loaded before staff needed a second factor gets its demo devices now.
            demo.give_known_staff_demo_devices()
            self._print_logins()
            return
        if has_data and not force:
            raise CommandError(
                "The database is not empty. Use --force to add the demo anyway, or start from "
                "an empty database (delete db.sqlite3 and run `make run`)."
            )
        # The demo's own e-mails (hundreds of confirmations) go nowhere; printing them on the
        # console would bury the logins. Callbacks run at the commit, inside this block.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
        ):
            result = demo.build(applicants=applicants)
        self.stdout.write(self.style.SUCCESS("Demo loaded."))
        self._print_logins(result.logins)

    def _print_logins(self, logins=None):
        if logins is None:
            logins = demo.known_logins()
        self.stdout.write("\nDevelopment logins (management site: /beheer/):")
        for role, email, password in logins:
            self.stdout.write(f"  {role:<55} {email:<32} {password}")
        self.stdout.write(
            "\nStaff log in with a second factor too. Add this key (time-based) to any "
            "authenticator app:\n"
            f"  {DEMO_TOTP_SECRET}\n"
            "or print the current code with: .venv/bin/python manage.py demo_otp EMAIL"
        )
