import gzip
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from applications.lottery.protocol import verify_record


class Command(BaseCommand):
    help = "Check a published lottery record (JSON, optionally gzip-compressed) as LOTTERY.md says."

    def add_arguments(self, parser):
        parser.add_argument("record", help="Path of the record, or - for standard input.")

    def handle(self, *args, record, **options):
        try:
            raw = sys.stdin.buffer.read() if record == "-" else Path(record).read_bytes()
            if raw[:2] == b"\x1f\x8b":
                raw = gzip.decompress(raw)
            data = json.loads(raw.decode("utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the record: {error}") from error
        problems = verify_record(data)
        if problems:
            for problem in problems:
                self.stderr.write(f"FAILED: {problem}")
            raise CommandError("The record does NOT verify.")
        order = data.get("order", [])
        self.stdout.write(
            self.style.SUCCESS(
                f"The record verifies: round {data.get('round')}, {len(order)} entries, "
                f"{len(data.get('allocation', {}))} homes allocated."
            )
        )
