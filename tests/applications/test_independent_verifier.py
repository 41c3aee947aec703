"""The independent verifier (docs/lottery/verify_record.py) against the shared test vectors.

The script is written from LOTTERY.md alone and imported by path, never through the portal's
code, so that it and the portal's own implementation can check each other.
"""

import copy
import gzip
import importlib.util
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "lottery" / "verify_record.py"
VECTORS_FILE = Path(__file__).resolve().parents[3] / "shared" / "lottery-vectors.json"

if not VECTORS_FILE.exists():
    pytest.skip(
        f"the shared lottery test vectors are missing ({VECTORS_FILE})", allow_module_level=True
    )

VECTORS = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))["vectors"]


def load_verifier():
    spec = importlib.util.spec_from_file_location("verify_record", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


verifier = load_verifier()


def run_script(*args, stdin=None):
    return subprocess.run(  # noqa: S603 - runs the project's own script with this interpreter
        [sys.executable, str(SCRIPT), *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def failed_checks(record):
    return [name for name, passed, _detail in verifier.verify(record) if not passed]


def basic_record():
    """LOTTERY.md's test vector 1: two groups, weights, and a reserve list of two."""
    return copy.deepcopy(
        next(v["record"] for v in VECTORS if v["record"]["round"] == "spangen-2026-1")
    )


def accented_record():
    """A vector whose public value contains letters that can also be typed decomposed."""
    return copy.deepcopy(
        next(
            v["record"]
            for v in VECTORS
            if unicodedata.normalize("NFD", v["record"]["public_value"])
            != v["record"]["public_value"]
        )
    )


# Each tampering: (record, how it is changed, the check that must fail).


def change_commit_seed(record):
    seed = record["commit_seed"]
    record["commit_seed"] = ("1" if seed[0] == "0" else "0") + seed[1:]


def change_public_value(record):
    record["public_value"] = "Notaris: 4-17-24"  # still the announced format


def change_tickets(record):
    entry = next(e for e in record["snapshot"]["entries"] if e["tickets"] > 1)
    entry["tickets"] -= 1


def tickets_as_boolean(record):
    entry = next(e for e in record["snapshot"]["entries"] if e["tickets"] == 1)
    entry["tickets"] = True


def swap_two_entries_in_order(record):
    order = record["order"]
    order[0]["ref"], order[1]["ref"] = order[1]["ref"], order[0]["ref"]


def change_allocation(record):
    allocation = record["allocation"]
    first, second = sorted(allocation)[:2]
    allocation[first], allocation[second] = allocation[second], allocation[first]


def reverse_reserve_lists(record):
    for candidates in record["reserves"].values():
        candidates.reverse()


def draw_before_freeze(record):
    record["drawn_at"] = "2026-04-15T09:59:59+02:00"


def decompose_public_value(record):
    record["public_value"] = unicodedata.normalize("NFD", record["public_value"])


TAMPERINGS = [
    pytest.param(basic_record, change_commit_seed, "CHECK_COMMITMENT", id="changed commit_seed"),
    pytest.param(basic_record, change_public_value, "CHECK_ORDER", id="changed public_value"),
    pytest.param(basic_record, change_tickets, "CHECK_SNAPSHOT_HASH", id="changed tickets"),
    pytest.param(
        basic_record, tickets_as_boolean, "CHECK_SNAPSHOT_FORM", id="tickets given as true"
    ),
    pytest.param(basic_record, swap_two_entries_in_order, "CHECK_ORDER", id="swapped order"),
    pytest.param(basic_record, change_allocation, "CHECK_ALLOCATION", id="changed allocation"),
    pytest.param(basic_record, reverse_reserve_lists, "CHECK_RESERVES", id="reversed reserves"),
    pytest.param(basic_record, draw_before_freeze, "CHECK_TIMES", id="drawn before frozen"),
    pytest.param(
        accented_record, decompose_public_value, "CHECK_PUBLIC_VALUE", id="non-NFC public value"
    ),
]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_every_published_vector_verifies_on_every_check(vector):
    checks = verifier.verify(copy.deepcopy(vector["record"]))

    assert [name for name, passed, _detail in checks if not passed] == []
    assert len(checks) == 9


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_the_canonical_snapshot_bytes_and_the_draw_key_match_the_vector(vector):
    record = vector["record"]
    canonical = verifier.canonical_bytes(record["snapshot"])
    if "snapshot_canonical_utf8" in vector:
        assert canonical == vector["snapshot_canonical_utf8"].encode("utf-8")

    key = verifier.draw_key(
        bytes.fromhex(record["commit_seed"]), record["snapshot_sha256"], record["public_value"]
    )

    assert key.hex() == vector["draw_key"]


def test_the_script_exits_0_on_a_vector_written_to_a_file(tmp_path):
    path = tmp_path / "loting.json"
    path.write_text(json.dumps(basic_record(), ensure_ascii=False), encoding="utf-8")

    result = run_script(str(path))

    assert result.returncode == 0, result.stdout.decode()
    assert result.stdout.decode().rstrip().endswith("RECORD VERIFIES")
    assert b"FAILED" not in result.stdout


def test_the_script_exits_0_on_a_gzip_compressed_vector(tmp_path):
    path = tmp_path / "loting.json.gz"
    path.write_bytes(gzip.compress(json.dumps(accented_record()).encode("utf-8")))

    result = run_script(str(path))

    assert result.returncode == 0, result.stdout.decode()
    assert result.stdout.decode().rstrip().endswith("RECORD VERIFIES")


def test_the_script_reads_a_record_from_standard_input():
    result = run_script("-", stdin=json.dumps(basic_record()).encode("utf-8"))

    assert result.returncode == 0, result.stdout.decode()


@pytest.mark.parametrize(("make_record", "tamper", "check"), TAMPERINGS)
def test_verify_reports_the_failed_check_of_a_tampered_record(make_record, tamper, check):
    record = make_record()
    original = copy.deepcopy(record)
    tamper(record)
    assert json.dumps(record) != json.dumps(original)  # True == 1 in Python, not in JSON

    assert getattr(verifier, check) in failed_checks(record)


@pytest.mark.parametrize(("make_record", "tamper", "check"), TAMPERINGS)
def test_the_script_exits_1_on_a_tampered_record(tmp_path, make_record, tamper, check):
    record = make_record()
    tamper(record)
    path = tmp_path / "loting.json"
    path.write_text(json.dumps(record), encoding="utf-8")

    result = run_script(str(path))
    output = result.stdout.decode()

    assert result.returncode == 1, output
    assert f"FAILED  {getattr(verifier, check)}" in output
    assert output.rstrip().endswith("RECORD DOES NOT VERIFY")


def test_a_file_that_is_not_json_gives_exit_code_2(tmp_path):
    path = tmp_path / "loting.json"
    path.write_text("<html>Not found</html>", encoding="utf-8")

    result = run_script(str(path))

    assert result.returncode == 2
    assert b"not valid JSON" in result.stderr
    assert b"RECORD VERIFIES" not in result.stdout


def test_a_record_that_gives_a_field_twice_is_refused_as_ambiguous(tmp_path):
    text = json.dumps(basic_record())
    path = tmp_path / "loting.json"
    path.write_text(text[:-1] + ', "public_value": "Notaris: 1-2-3"}', encoding="utf-8")

    result = run_script(str(path))

    assert result.returncode == 2
    assert b"appears twice" in result.stderr
