"""Apply retention now: `manage.py apply_retention [--dry-run] [--today YYYY-MM-DD]`.

The same as the beat schedule's daily `apply-retention`; safe to run again (idempotent) and
after a crash (resumable)."""

from datetime import date

from django.core.management.base import BaseCommand

from klushuis.privacy.accounts import accounts_warn
from klushuis.privacy.services import retention_apply


class Command(BaseCommand):
    help = "Remove the personal data whose retention has passed (see docs/privacy.md)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show what would go.")
        parser.add_argument("--today", type=date.fromisoformat, default=None)
        parser.add_argument(
            "--list", action="store_true", help="With --dry-run: name each reference."
        )

    def handle(self, *args, dry_run=False, today=None, list=False, **options):
        report = retention_apply(today=today, dry_run=dry_run)
        warned = accounts_warn(report.today, dry_run=dry_run)
        prefix = "would " if dry_run else ""
        for line in report.lines():
            self.stdout.write(f"{prefix}{line}" if dry_run else line)
        self.stdout.write(f"accounts {'would be ' if dry_run else ''}warned: {warned}")
        if dry_run and list:
            for key, references in report.due.items():
                for reference in references:
                    self.stdout.write(f"  {key}: {reference}")
