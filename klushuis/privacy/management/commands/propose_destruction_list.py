"""Propose a destruction list: `manage.py propose_destruction_list MUNICIPALITY_SLUG EMAIL`.

Lists the municipality's contract files whose limitation periods after release have run.
Nothing is destroyed until an authorised person other than the proposer approves the list in
the management site; the next retention run then carries it out."""

from django.core.management.base import BaseCommand, CommandError

from klushuis.accounts.models import User
from klushuis.organisations.models import Organisation
from klushuis.privacy.services import destruction_list_propose


class Command(BaseCommand):
    help = "Propose a destruction list of contract files (see docs/privacy.md)."

    def add_arguments(self, parser):
        parser.add_argument("municipality", help="the municipality's slug")
        parser.add_argument("proposer", help="the e-mail address of the member of staff")
        parser.add_argument("--category", default="contract_files")

    def handle(self, *args, municipality, proposer, category, **options):
        organisation = Organisation.objects.filter(slug=municipality).first()
        user = User.objects.filter(email=proposer, is_staff=True).first()
        if organisation is None or user is None:
            raise CommandError("Unknown municipality or member of staff.")
        proposed = destruction_list_propose(
            organisation=organisation, category_key=category, actor=user
        )
        if proposed is None:
            self.stdout.write("Nothing is due for destruction.")
        else:
            self.stdout.write(f"Proposed list {proposed.pk} with {len(proposed.items)} records.")
