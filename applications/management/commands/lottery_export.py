from django.core.management.base import BaseCommand, CommandError

from applications.models import LotteryDraw


class Command(BaseCommand):
    help = "Print the published record of a round's valid draw (or of all its draws)."

    def add_arguments(self, parser):
        parser.add_argument("round_slug")
        parser.add_argument(
            "--all", action="store_true", help="Also annulled draws, one record per line."
        )

    def handle(self, *args, round_slug, all, **options):
        draws = LotteryDraw.objects.filter(sales_round__slug=round_slug).order_by("drawn_at")
        if not all:
            draws = draws.filter(annulled_at__isnull=True)
        if not draws.exists():
            raise CommandError(f"Round {round_slug!r} has no {'' if all else 'valid '}draw.")
        for draw in draws:
            self.stdout.write(draw.record)
