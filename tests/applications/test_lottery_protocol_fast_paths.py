"""The protocol's fast paths (issue #19) give exactly what the plain reading of LOTTERY.md gives.

`draw` sorts on bytes keys, hashes the snapshot from a template and validates column by
column; these tests hold each of them against a literal implementation of the page (hmac,
json.dumps, tuples, entry-by-entry checks) on random rounds and on snapshots broken in every way
the validation names.
"""

import copy
import hmac
import json
from collections import UserString

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from applications.lottery import protocol

from .test_lottery_protocol import (
    EXAMPLE_SEED,
    _delete,
    _set,
    snapshots,
    well_formed_snapshot,
)

SETTINGS = settings(deadline=None, max_examples=150)
seeds = st.binary(min_size=32, max_size=32)
public_values = st.text(min_size=1, max_size=12)


def literal_draw(snapshot, seed, public_value):
    """Section 3 of LOTTERY.md, read literally: no precomputed pads, hex numbers, tuples."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    snapshot_hash = protocol.hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    key = protocol.hashlib.sha256(
        seed + snapshot_hash.encode("ascii") + public_value.encode("utf-8")
    ).digest()
    numbered = []
    for entry in snapshot["entries"]:
        number = min(
            hmac.digest(key, f"{entry['ref']}:{t}".encode(), "sha256").hex()
            for t in range(1, entry["tickets"] + 1)
        )
        numbered.append((entry["group"], number, entry["ref"], entry))
    numbered.sort(key=lambda item: item[:3])
    order = [
        {"position": position, "ref": ref, "group": group, "lottery_number": number}
        for position, (group, number, ref, _entry) in enumerate(numbered, start=1)
    ]
    allocation, unplaced = {}, []
    for _group, _number, ref, entry in numbered:
        free = [p for p in entry["preferences"] if p not in allocation]
        if free:
            allocation[free[0]] = ref
        else:
            unplaced.append(entry)
    reserves = {}
    for entry in unplaced:
        for preference in entry["preferences"]:
            reserves.setdefault(preference, []).append(entry["ref"])
    return order, allocation, reserves


def as_published(result):
    # json.dumps without sort_keys: the order of the keys in allocation and reserves counts too.
    return json.dumps([result.order, result.allocation, result.reserves])


@SETTINGS
@given(snapshot=snapshots(), seed=seeds, public_value=public_values)
def test_the_draw_is_the_literal_reading_of_the_protocol(snapshot, seed, public_value):
    result = protocol.draw(snapshot, seed, public_value)
    assert as_published(result) == json.dumps(literal_draw(snapshot, seed, public_value))


@SETTINGS
@given(snapshot=snapshots())
def test_the_snapshot_template_gives_the_canonical_bytes(snapshot):
    assert protocol._certainly_well_formed(snapshot)
    assert protocol._well_formed_snapshot_bytes(snapshot) == protocol.canonical_bytes(snapshot)


def test_the_template_gives_the_canonical_bytes_of_a_round_without_entries():
    snapshot = protocol.build_snapshot("leeg-1", [], [])
    assert protocol._well_formed_snapshot_bytes(snapshot) == protocol.canonical_bytes(snapshot)


BREAKAGES = [
    _set(["protocol"], "klushuis-lottery-v2"),
    _set(["round"], "spangen 2026"),
    _set(["round"], ""),
    _set(["round"], 7),
    _set(["properties"], ["P-02", "P-01", "P-03"]),
    _set(["properties"], ["P-01", "P-01", "P-02", "P-03"]),
    _set(["properties", 0], "P-é1"),
    _set(["properties", 0], "P-\n1"),
    _set(["properties", 0], None),
    _set(["properties"], "P-01"),
    _set(["entries", 0, "ref"], "A-009"),
    _set(["entries", 1, "ref"], "A-001"),
    _set(["entries", 0, "ref"], "A_001"),
    _set(["entries", 0, "ref"], "A-001\n"),
    _set(["entries", 0, "ref"], "x" * 41),
    _set(["entries", 0, "group"], True),
    _set(["entries", 0, "group"], 0),
    _set(["entries", 0, "group"], 10),
    _set(["entries", 0, "group"], 1.0),
    _set(["entries", 0, "tickets"], False),
    _set(["entries", 0, "tickets"], 11),
    _set(["entries", 0, "tickets"], "1"),
    _set(["entries", 0, "preferences"], []),
    _set(["entries", 0, "preferences"], ("P-01",)),
    _set(["entries", 0, "preferences"], "P-01"),
    _set(["entries", 0, "preferences"], ["P-01", "P-01"]),
    _set(["entries", 0, "preferences"], ["P-01", "P-99"]),
    _set(["entries", 0, "preferences"], [1]),
    _set(["entries", 0, "preferences"], [["P-01"]]),
    _set(["entries", 0, "extra"], 1),
    _delete(["entries", 0, "tickets"]),
    _set(["entries", 0], ["A-001"]),
    _set(["entries"], {}),
    _set(["annulled"], True),
    _delete(["properties"]),
]


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_the_fast_check_never_passes_a_snapshot_with_problems(breakage):
    snapshot = well_formed_snapshot()
    breakage(snapshot)
    assert not protocol._certainly_well_formed(snapshot)
    assert protocol.validate_snapshot(snapshot) == protocol._snapshot_problems(snapshot) != []


@SETTINGS
@given(
    snapshot=snapshots(),
    index=st.integers(0, 20),
    key=st.sampled_from(["ref", "group", "tickets", "preferences"]),
    value=st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-2, 12),
        st.floats(allow_nan=False),
        st.text(max_size=5),
        st.lists(st.text(alphabet="AZaz09-", max_size=3), max_size=3),
    ),
)
def test_the_fast_check_agrees_with_the_full_one_on_random_changes(snapshot, index, key, value):
    entries = snapshot["entries"]
    entries[index % len(entries)][key] = value
    fast = protocol._certainly_well_formed(snapshot)
    assert not fast or protocol._snapshot_problems(snapshot) == []
    if fast:
        assert protocol._well_formed_snapshot_bytes(snapshot) == protocol.canonical_bytes(snapshot)


def test_a_snapshot_of_str_and_dict_subclasses_takes_the_full_path_and_draws_the_same():
    class Ref(UserString):
        pass

    class Text(str):
        def __str__(self):
            return "changed"

    plain = well_formed_snapshot()
    odd = copy.deepcopy(plain)
    odd["round"] = Text(odd["round"])
    odd["protocol"] = Text(odd["protocol"])
    odd["entries"][0]["ref"] = Text(odd["entries"][0]["ref"])
    assert not protocol._certainly_well_formed(odd)
    assert protocol.validate_snapshot(odd) == []
    assert as_published(protocol.draw(odd, EXAMPLE_SEED, "x")) == as_published(
        protocol.draw(plain, EXAMPLE_SEED, "x")
    )
    # A UserString is no str at all: refused as before.
    odd["entries"][0]["ref"] = Ref("A-001")
    assert protocol.validate_snapshot(odd) != []


def test_the_record_keeps_its_own_copy_of_the_snapshot_in_the_same_key_order():
    snapshot = well_formed_snapshot()
    record = protocol.build_record(
        round_slug=snapshot["round"],
        snapshot=snapshot,
        seed=EXAMPLE_SEED,
        seed_commitment=protocol.seed_commitment(EXAMPLE_SEED),
        public_value_format={"description": "x", "pattern": ".+"},
        public_value="x",
        committed_at="2026-01-01T09:00:00+01:00",
        window_closed_at="2026-02-01T12:00:00+01:00",
        frozen_at="2026-02-10T10:00:00+01:00",
        drawn_at="2026-02-11T10:00:00+01:00",
    )
    published = json.dumps(record["snapshot"])
    assert published == json.dumps(snapshot)
    snapshot["entries"][0]["preferences"].append("P-03")
    snapshot["properties"].append("P-04")
    snapshot["entries"].pop()
    assert json.dumps(record["snapshot"]) == published
    assert protocol.verify_record(record) == []
