"""Every transactional test of the main run restores the migrated data (serialized_rollback).

A transactional test ends with a flush. Without serialized_rollback that flush runs the
post-migrate signal, which makes the content types and permissions again under new ids; a
later test with serialized_rollback in the same worker then loads the migrated data under the
old ids and fails on the unique (app_label, model) of the content types. Which tests share a
worker changes from run to run (pytest-xdist), so the rule holds for all of them. The fault
tests run in a process of their own and are left out.
"""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
MARK = re.compile(r"django_db\(([^)]*)\)")


def test_every_transactional_test_restores_the_migrated_data():
    missing = []
    for path in sorted(TESTS.rglob("test_*.py")):
        if "faults" in path.relative_to(TESTS).parts or path == Path(__file__).resolve():
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for arguments in MARK.findall(line):
                if "transaction=True" in arguments and "serialized_rollback=True" not in arguments:
                    missing.append(f"{path.relative_to(TESTS)}:{number}")
    assert not missing, f"transaction=True without serialized_rollback=True: {missing}"
