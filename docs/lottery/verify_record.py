#!/usr/bin/env python3
"""Check a published lottery record of the protocol klushuis-lottery-v1, independently.

Usage:  python3 verify_record.py RECORD.json     (a gzip-compressed record works too)
        python3 verify_record.py -               (reads the record from standard input)

The portal draws lots in three published steps (LOTTERY.md): it commits to a secret seed when a
round opens, freezes the list of entries after the window closes, and draws with the seed and a
public value called out by a notary or witness. This script needs nothing but Python 3.9 or
later; it trusts neither the portal nor its software. It checks, and says why it matters:

1. The record names one protocol and round (section 4): the result belongs to this round.
2. The revealed seed matches the commitment published when the round opened (sections 1, 5):
   the portal could not have swapped the seed after seeing the entries or the public value.
3. The steps happened in order: commit < window closed <= freeze < draw (sections 4, 5): the
   seed was fixed before anyone applied, and the entries were fixed before the public value.
4. The snapshot of entries is well formed (section 2): refs, groups, tickets and preferences
   are exactly what the protocol allows, so nothing hides in an odd value.
5. The snapshot's SHA-256 equals the hash published at the freeze (sections 2, 5): nobody
   added, removed or changed an entry after the freeze.
6. The public value has the announced format, is NFC-normalised and carries no surrounding
   whitespace (sections 1, 3): it cannot be retyped in a slightly different form until the
   outcome suits someone.
7. Recomputing the draw from seed, snapshot and public value gives the same lottery numbers,
   order, allocation and reserve lists (section 3): the published result is the only one
   these inputs allow.

It prints every check with OK or FAILED, then "RECORD VERIFIES" (exit code 0) or
"RECORD DOES NOT VERIFY" (exit code 1). Exit code 2 means the input could not be read.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import hmac
import json
import re
import sys
import unicodedata
import zlib
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

PROTOCOL = "klushuis-lottery-v1"

# The check names, as printed; tests refer to them through these constants.
CHECK_PROTOCOL = "The record names the protocol and the round of its snapshot (section 4)"
CHECK_COMMITMENT = (
    "The revealed seed matches the commitment published when the round opened (sections 1, 5)"
)
CHECK_TIMES = "The steps happened in order: commit, window closed, freeze, draw (sections 4, 5)"
CHECK_SNAPSHOT_FORM = "The snapshot of entries is well formed (section 2)"
CHECK_SNAPSHOT_HASH = "The snapshot is the one whose hash was published at the freeze (section 2)"
CHECK_PUBLIC_VALUE = "The public value has the announced format (sections 1, 3)"
CHECK_ORDER = "The lottery numbers and the draw order are recomputed exactly (section 3)"
CHECK_ALLOCATION = "The allocation of homes is recomputed exactly (section 3)"
CHECK_RESERVES = "The reserve lists are recomputed exactly (section 3)"

# Section 4: the fields of a published record. Others are reported, not checked.
RECORD_FIELDS = (
    "protocol",
    "round",
    "snapshot",
    "snapshot_sha256",
    "seed_commitment",
    "public_value_format",
    "commit_seed",
    "public_value",
    "order",
    "allocation",
    "reserves",
    "committed_at",
    "window_closed_at",
    "frozen_at",
    "drawn_at",
)

REF = re.compile(r"[A-Za-z0-9-]{1,40}")  # section 2: slugs and refs
HEX_32_BYTES = re.compile(r"[0-9a-fA-F]{64}")  # section 1: a 32-byte seed, as hex
# Section 4: "ISO 8601 with offset"; parsed by hand so that every Python version agrees.
TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:(Z)|([+-])(\d{2}):(\d{2}))"
)
MAX_PROBLEMS_SHOWN = 5

Check = tuple[str, bool, str]


class UnreadableRecord(Exception):
    """The input is not a JSON object that can be read unambiguously (exit code 2)."""


# ---------------------------------------------------------------------------------------------
# The protocol itself (LOTTERY.md sections 2 and 3), written out step by step.
# ---------------------------------------------------------------------------------------------


def canonical_bytes(snapshot: dict) -> bytes:
    """Section 2: the canonical bytes of the snapshot, whose SHA-256 is published."""
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def draw_key(commit_seed: bytes, snapshot_sha256: str, public_value: str) -> bytes:
    """Section 3: sha256(commit_seed || snapshot_sha256 as ASCII hex || public_value as UTF-8)."""
    message = commit_seed + snapshot_sha256.encode("ascii") + public_value.encode("utf-8")
    return hashlib.sha256(message).digest()


def lottery_number(key: bytes, ref: str, tickets: int) -> str:
    """Section 3: the smallest HMAC-SHA256 over the entry's tickets "ref:1" .. "ref:tickets"."""
    return min(
        hmac.new(key, f"{ref}:{ticket}".encode(), hashlib.sha256).hexdigest()
        for ticket in range(1, tickets + 1)
    )


def draw(snapshot: dict, key: bytes) -> tuple[list[dict], dict, dict]:
    """Section 3: the order, the allocation (random serial dictatorship) and the reserves."""
    numbered = [
        (entry["group"], lottery_number(key, entry["ref"], entry["tickets"]), entry)
        for entry in snapshot["entries"]
    ]
    numbered.sort(key=lambda item: (item[0], item[1], item[2]["ref"]))
    order = [
        {"position": position, "ref": entry["ref"], "group": group, "lottery_number": number}
        for position, (group, number, entry) in enumerate(numbered, start=1)
    ]

    allocation: dict[str, str] = {}
    unplaced: list[dict] = []
    for _group, _number, entry in numbered:
        home = next((p for p in entry["preferences"] if p not in allocation), None)
        if home is None:
            unplaced.append(entry)
        else:
            allocation[home] = entry["ref"]

    reserves: dict[str, list[str]] = {}
    for home in snapshot["properties"]:
        candidates = [entry["ref"] for entry in unplaced if home in entry["preferences"]]
        if candidates:
            reserves[home] = candidates
    return order, allocation, reserves


# ---------------------------------------------------------------------------------------------
# Helpers for the checks.
# ---------------------------------------------------------------------------------------------


def _is_ref(value: object) -> bool:
    return isinstance(value, str) and REF.fullmatch(value) is not None


def _is_int_between(value: object, low: int, high: int) -> bool:
    # type() rather than isinstance(): JSON true/false are booleans, which Python counts as ints.
    return type(value) is int and low <= value <= high


def _sorted_unique_problem(values: list[str], what: str) -> str | None:
    if len(set(values)) != len(values):
        duplicates = sorted(v for v, count in Counter(values).items() if count > 1)
        return f"{what} contain duplicates: {', '.join(duplicates)}"
    if values != sorted(values):
        return f"{what} are not sorted in code-point order"
    return None


def _same(a: object, b: object) -> bool:
    """Equal as JSON: unlike ==, this tells 1 from true and 1 from 1.0; key order is ignored."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _summary(problems: list[str]) -> str:
    shown = "; ".join(problems[:MAX_PROBLEMS_SHOWN])
    more = len(problems) - MAX_PROBLEMS_SHOWN
    return shown + (f"; and {more} more" if more > 0 else "")


def parse_timestamp(value: object) -> datetime:
    """An ISO 8601 date and time with an offset (or Z), e.g. 2026-04-20T14:30:00+02:00."""
    match = TIMESTAMP.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{value!r} is not an ISO 8601 date and time with an offset")
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    offset = timedelta(0)
    if not zulu:
        offset = timedelta(hours=int(off_h), minutes=int(off_m)) * (-1 if sign == "-" else 1)
    return datetime(
        int(year),
        int(month),
        int(day),
        int(hour),
        int(minute),
        int(second),
        int((fraction or "0").ljust(6, "0")),
        tzinfo=timezone(offset),
    )


def snapshot_problems(snapshot: object) -> list[str]:
    """Section 2: everything that makes the snapshot differ from the protocol's form."""
    if not isinstance(snapshot, dict):
        return ["the snapshot is not a JSON object"]
    problems = []
    expected = {"protocol", "round", "properties", "entries"}
    if set(snapshot) != expected:
        problems.append(f"the snapshot's fields are {sorted(snapshot)}, not {sorted(expected)}")
    if snapshot.get("protocol") != PROTOCOL:
        problems.append(f"the snapshot's protocol is {snapshot.get('protocol')!r}")
    if not _is_ref(snapshot.get("round")):
        problems.append(f"the round {snapshot.get('round')!r} is not 1-40 of [A-Za-z0-9-]")

    properties = snapshot.get("properties")
    known: set[str] | None = None
    if not isinstance(properties, list):
        problems.append("'properties' is not a list")
    elif not all(_is_ref(p) for p in properties):
        bad = [p for p in properties if not _is_ref(p)]
        problems.append(f"property refs that are not 1-40 of [A-Za-z0-9-]: {bad!r}")
    else:
        known = set(properties)
        problem = _sorted_unique_problem(properties, "the properties")
        if problem:
            problems.append(problem)

    entries = snapshot.get("entries")
    if not isinstance(entries, list):
        problems.append("'entries' is not a list")
        return problems
    refs = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"entry {number} is not a JSON object")
            continue
        ref = entry.get("ref")
        name = f"entry {ref}" if _is_ref(ref) else f"entry {number}"
        if _is_ref(ref):
            refs.append(ref)
        else:
            problems.append(f"{name}: the ref {ref!r} is not 1-40 of [A-Za-z0-9-]")
        fields = {"ref", "group", "tickets", "preferences"}
        if set(entry) != fields:
            problems.append(f"{name}: the fields are {sorted(entry)}, not {sorted(fields)}")
        if not _is_int_between(entry.get("group"), 1, 9):
            problems.append(f"{name}: group {entry.get('group')!r} is not an integer 1-9")
        if not _is_int_between(entry.get("tickets"), 1, 10):
            problems.append(f"{name}: tickets {entry.get('tickets')!r} is not an integer 1-10")
        preferences = entry.get("preferences")
        if not isinstance(preferences, list) or not preferences:
            problems.append(f"{name}: the preferences are not a non-empty list")
        elif not all(isinstance(p, str) for p in preferences):
            problems.append(f"{name}: the preferences are not all strings")
        elif len(set(preferences)) != len(preferences):
            problems.append(f"{name}: a home appears twice in the preferences")
        elif known is not None and not set(preferences) <= known:
            unknown = sorted(set(preferences) - known)
            problems.append(f"{name}: preferences not among the properties: {', '.join(unknown)}")
    if len(refs) == len(entries):
        problem = _sorted_unique_problem(refs, "the entry refs")
        if problem:
            problems.append(problem)
    return problems


def _compare_order(record: dict, expected: list[dict], key: bytes) -> tuple[bool, str]:
    recorded = record.get("order")
    if _same(recorded, expected):
        return True, f"draw key {key.hex()}; {len(expected)} entries in the published order"
    if not isinstance(recorded, list):
        return False, "the record's order is not a list"
    if len(recorded) != len(expected):
        return False, f"the record orders {len(recorded)} entries, the snapshot has {len(expected)}"
    for index, computed in enumerate(expected):
        if not _same(recorded[index], computed):
            return False, (
                f"at position {computed['position']} the record has {json.dumps(recorded[index])}"
                f", the recomputation gives {json.dumps(computed)}"
            )
    return False, "the order differs"  # not reached: equal items make equal lists


def _mapping_differences(recorded: object, expected: dict, what: str) -> str:
    if not isinstance(recorded, dict):
        return f"the record's {what} is not a JSON object"
    differences = [
        f"{home}: the record has {json.dumps(recorded.get(home))}, "
        f"the recomputation gives {json.dumps(expected.get(home))}"
        for home in sorted(set(recorded) | set(expected))
        if not _same(recorded.get(home), expected.get(home))
    ]
    return _summary(differences)


def _compare_allocation(record: dict, expected: dict) -> tuple[bool, str]:
    recorded = record.get("allocation")
    if not _same(recorded, expected):
        return False, _mapping_differences(recorded, expected, "allocation")
    homes = len(record["snapshot"]["properties"])
    return True, f"{len(expected)} of {homes} homes allocated, each to the right entry"


def _compare_reserves(record: dict, expected: dict) -> tuple[bool, str]:
    recorded = record.get("reserves")
    if not _same(recorded, expected):
        return False, _mapping_differences(recorded, expected, "reserves")
    homes = "1 home" if len(expected) == 1 else f"{len(expected)} homes"
    return True, f"reserve lists for {homes}, each in draw order"


# ---------------------------------------------------------------------------------------------
# The checks of section 5.
# ---------------------------------------------------------------------------------------------


def _check_protocol(record: dict) -> tuple[bool, str]:
    snapshot = record.get("snapshot")
    snapshot = snapshot if isinstance(snapshot, dict) else {}
    problems = []
    if record.get("protocol") != PROTOCOL:
        problems.append(f"the record's protocol is {record.get('protocol')!r}, not {PROTOCOL!r}")
    if record.get("protocol") != snapshot.get("protocol"):
        problems.append("the record and its snapshot name different protocols")
    if record.get("round") != snapshot.get("round"):
        problems.append(
            f"the record is for round {record.get('round')!r}, "
            f"its snapshot for {snapshot.get('round')!r}"
        )
    if problems:
        return False, _summary(problems)
    return True, f"protocol {PROTOCOL}, round {record['round']}"


def _seed_bytes(record: dict) -> bytes:
    seed = record.get("commit_seed")
    if not isinstance(seed, str) or HEX_32_BYTES.fullmatch(seed) is None:
        raise ValueError(f"commit_seed {seed!r} is not 32 bytes written as 64 hex digits")
    return bytes.fromhex(seed)


def _check_commitment(record: dict) -> tuple[bool, str]:
    seed = _seed_bytes(record)
    computed = hashlib.sha256(seed).hexdigest()
    published = record.get("seed_commitment")
    if computed != published:
        return False, f"sha256(commit_seed) is {computed}, the published commitment {published!r}"
    return True, f"sha256(commit_seed) = {computed}"


def _check_times(record: dict) -> tuple[bool, str]:
    names = ("committed_at", "window_closed_at", "frozen_at", "drawn_at")
    committed, closed, frozen, drawn = (parse_timestamp(record.get(name)) for name in names)
    problems = []
    if not committed < closed:
        problems.append("committed_at is not before window_closed_at")
    if not closed <= frozen:
        problems.append("frozen_at is before window_closed_at")
    if not frozen < drawn:
        problems.append("drawn_at is not after frozen_at")
    listing = ", ".join(f"{name} {record[name]}" for name in names)
    if problems:
        return False, f"{_summary(problems)} ({listing})"
    return True, listing


def _check_snapshot_form(record: dict) -> tuple[bool, str]:
    problems = snapshot_problems(record.get("snapshot"))
    if problems:
        return False, _summary(problems)
    snapshot = record["snapshot"]
    return True, (
        f"{len(snapshot['entries'])} entries, {len(snapshot['properties'])} properties, "
        "sorted and unique, every value within the protocol's limits"
    )


def _check_snapshot_hash(record: dict) -> tuple[bool, str]:
    computed = hashlib.sha256(canonical_bytes(record.get("snapshot"))).hexdigest()
    published = record.get("snapshot_sha256")
    if computed != published:
        return False, f"the snapshot hashes to {computed}, the record says {published!r}"
    return True, f"sha256(canonical snapshot) = {computed}"


def _check_public_value(record: dict) -> tuple[bool, str]:
    value = record.get("public_value")
    fmt = record.get("public_value_format")
    if not isinstance(value, str):
        return False, f"the public value {value!r} is not a string"
    if not (
        isinstance(fmt, dict)
        and isinstance(fmt.get("description"), str)
        and isinstance(fmt.get("pattern"), str)
    ):
        return False, "public_value_format is not {'description': text, 'pattern': text}"
    problems = []
    if not value:
        problems.append("it is empty")
    if value != value.strip():
        problems.append("it has leading or trailing whitespace")
    if unicodedata.normalize("NFC", value) != value:
        problems.append("it is not NFC-normalised (the same text can be typed in several ways)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        problems.append("it cannot be written as UTF-8")
    try:
        if re.fullmatch(fmt["pattern"], value) is None:
            problems.append(f"it does not match the pattern {fmt['pattern']}")
    except re.error as exc:
        problems.append(f"the pattern {fmt['pattern']!r} is not a valid regular expression: {exc}")
    if problems:
        # !a spells out decomposed accents and odd spaces, which look the same when printed.
        return False, f"public value {value!r} (written out: {value!a}): {_summary(problems)}"
    return True, f"{value!r} matches {fmt['pattern']} ({fmt['description']})"


def verify(record: dict) -> list[Check]:
    """Every check of LOTTERY.md section 5, as (check name, passed, detail) in reading order."""
    checks: list[Check] = []

    def run(name: str, check) -> bool:
        try:
            passed, detail = check(record)
        except Exception as exc:  # a malformed record must give FAILED, never a crash
            passed, detail = False, f"could not be checked: {exc}"
        checks.append((name, passed, detail))
        return passed

    if not isinstance(record, dict):
        return [(CHECK_PROTOCOL, False, "the record is not a JSON object")]

    run(CHECK_PROTOCOL, _check_protocol)
    run(CHECK_COMMITMENT, _check_commitment)
    run(CHECK_TIMES, _check_times)
    well_formed = run(CHECK_SNAPSHOT_FORM, _check_snapshot_form)
    run(CHECK_SNAPSHOT_HASH, _check_snapshot_hash)
    run(CHECK_PUBLIC_VALUE, _check_public_value)

    # Section 3: recompute the draw from the seed, the snapshot as published here and the
    # public value, so a changed input also shows up as different lottery numbers.
    try:
        if not well_formed:
            raise ValueError("the snapshot is not well formed")
        if not isinstance(record.get("public_value"), str):
            raise ValueError("the public value is not a string")
        snapshot_sha256 = hashlib.sha256(canonical_bytes(record["snapshot"])).hexdigest()
        key = draw_key(_seed_bytes(record), snapshot_sha256, record["public_value"])
        order, allocation, reserves = draw(record["snapshot"], key)
    except Exception as exc:  # say for each part why the result could not be recomputed
        for name in (CHECK_ORDER, CHECK_ALLOCATION, CHECK_RESERVES):
            checks.append((name, False, f"cannot recompute the draw: {exc}"))
        return checks

    run(CHECK_ORDER, lambda r: _compare_order(r, order, key))
    run(CHECK_ALLOCATION, lambda r: _compare_allocation(r, allocation))
    run(CHECK_RESERVES, lambda r: _compare_reserves(r, reserves))
    return checks


# ---------------------------------------------------------------------------------------------
# Reading the record and printing the report.
# ---------------------------------------------------------------------------------------------


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    # JSON readers disagree about a field given twice (first or last wins), so a record that
    # contains one could show one result to the portal and another to this script.
    result = {}
    for key, value in pairs:
        if key in result:
            raise UnreadableRecord(f"the field {key!r} appears twice in one JSON object")
        result[key] = value
    return result


def _refuse_constant(name: str) -> object:
    raise UnreadableRecord(f"{name} is not a JSON number")


def read_record(source: str) -> dict:
    """Read a record from a file (or '-' for standard input), gzip-compressed or not."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise UnreadableRecord(f"cannot read {source}: {exc.strerror or exc}") from exc
    if data[:2] == b"\x1f\x8b":  # the gzip magic bytes (section 4: may be served compressed)
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise UnreadableRecord(f"the gzip data is damaged: {exc}") from exc
    try:
        record = json.loads(
            data.decode("utf-8-sig"),
            object_pairs_hook=_refuse_duplicate_keys,
            parse_constant=_refuse_constant,
        )
    except UnicodeDecodeError as exc:
        raise UnreadableRecord(f"the record is not UTF-8 text: {exc}") from exc
    except (ValueError, RecursionError) as exc:
        raise UnreadableRecord(f"the record is not valid JSON: {exc}") from exc
    if not isinstance(record, dict):
        raise UnreadableRecord("the record is not a JSON object, so it is not a lottery record")
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Verify a published klushuis-lottery-v1 record (LOTTERY.md section 5).",
    )
    parser.add_argument("record", help="the record file (JSON or gzip-compressed JSON), or -")
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):  # never crash on a console that lacks a character
        sys.stdout.reconfigure(errors="backslashreplace")

    try:
        record = read_record(args.record)
    except UnreadableRecord as exc:
        print(f"Cannot read the record: {exc}", file=sys.stderr)
        return 2

    print(f"Verifying a lottery record for round {record.get('round')!r}, protocol {PROTOCOL}")
    print()
    checks = verify(record)
    for name, passed, detail in checks:
        print(f"{'OK' if passed else 'FAILED':<7} {name}")
        print(f"        {detail}")
    extra = sorted(set(record) - set(RECORD_FIELDS))
    if extra:
        print()
        print(f"Note: fields that LOTTERY.md does not define were not checked: {', '.join(extra)}")
    print()
    verified = all(passed for _name, passed, _detail in checks)
    print("RECORD VERIFIES" if verified else "RECORD DOES NOT VERIFY")
    return 0 if verified else 1


if __name__ == "__main__":
    sys.exit(main())
