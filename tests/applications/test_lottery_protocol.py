"""The public lottery protocol `klushuis-lottery-v1`: vectors, verification and invariants.

No database: the protocol is plain Python. The shared test vectors are what an outsider's
verifier is checked against too, so they are reproduced byte for byte.
"""

import copy
import hashlib
import hmac
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from applications.lottery import protocol

VECTORS_PATH = Path(__file__).resolve().parents[3] / "shared" / "lottery-vectors.json"
VECTORS = json.loads(VECTORS_PATH.read_text(encoding="utf-8")) if VECTORS_PATH.is_file() else None


def vector_params(needs: str | None = None):
    if VECTORS is None:
        reason = f"the shared lottery test vectors are missing: {VECTORS_PATH} does not exist"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="no-vectors")]
    return [
        pytest.param(vector, id=vector["name"])
        for vector in VECTORS["vectors"]
        if needs is None or needs in vector
    ]


def inputs_of(record: dict) -> dict:
    """The keyword arguments of build_record that reproduce a published record."""
    return {
        "round_slug": record["round"],
        "snapshot": record["snapshot"],
        "seed": bytes.fromhex(record["commit_seed"]),
        "seed_commitment": record["seed_commitment"],
        "public_value_format": record["public_value_format"],
        "public_value": record["public_value"],
        **{key: record[key] for key in protocol.TIME_KEYS},
    }


# --- The shared test vectors --------------------------------------------------------------------


def test_the_vectors_are_for_this_protocol():
    if VECTORS is None:
        pytest.skip(f"the shared lottery test vectors are missing: {VECTORS_PATH} does not exist")
    assert VECTORS["protocol"] == protocol.PROTOCOL
    assert VECTORS["vectors"]


@pytest.mark.parametrize("vector", vector_params(needs="snapshot_canonical_utf8"))
def test_the_canonical_bytes_of_each_snapshot_are_the_published_ones(vector):
    snapshot = vector["record"]["snapshot"]
    expected = vector["snapshot_canonical_utf8"].encode("utf-8")
    assert protocol.canonical_bytes(snapshot) == expected
    assert protocol.snapshot_sha256(snapshot) == hashlib.sha256(expected).hexdigest()


@pytest.mark.parametrize("vector", vector_params())
def test_build_snapshot_rebuilds_each_snapshot_from_inputs_in_any_order(vector):
    snapshot = vector["record"]["snapshot"]
    entries = [
        protocol.Entry(e["ref"], e["group"], e["tickets"], e["preferences"])
        for e in reversed(snapshot["entries"])
    ]
    rebuilt = protocol.build_snapshot(
        snapshot["round"], list(reversed(snapshot["properties"])), entries
    )
    assert rebuilt == snapshot
    assert protocol.canonical_bytes(rebuilt) == protocol.canonical_bytes(snapshot)


@pytest.mark.parametrize("vector", vector_params())
def test_the_draw_key_of_each_vector_is_reproduced(vector):
    record = vector["record"]
    key = protocol.draw_key(
        bytes.fromhex(record["commit_seed"]),
        protocol.snapshot_sha256(record["snapshot"]),
        record["public_value"],
    )
    assert key.hex() == vector["draw_key"]
    tickets = {e["ref"]: e["tickets"] for e in record["snapshot"]["entries"]}
    for row in record["order"]:
        assert (
            protocol.lottery_number(key, row["ref"], tickets[row["ref"]]) == (row["lottery_number"])
        )


@pytest.mark.parametrize("vector", vector_params())
def test_build_record_reproduces_each_vector_record_byte_for_byte(vector):
    published = vector["record"]
    record = protocol.build_record(**inputs_of(published))
    assert record == published
    assert protocol.canonical_bytes(record) == protocol.canonical_bytes(published)


@pytest.mark.parametrize("vector", vector_params())
def test_each_vector_record_verifies(vector):
    assert protocol.verify_record(vector["record"]) == []


# --- Test vector 1, as worked out in LOTTERY.md -------------------------------------------------

EXAMPLE_SEED = bytes.fromhex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
EXAMPLE_ENTRIES = [
    protocol.Entry("A-001", 1, 1, ["P-01", "P-02"]),
    protocol.Entry("A-002", 1, 3, ["P-01"]),
    protocol.Entry("A-003", 2, 1, ["P-03", "P-01"]),
    protocol.Entry("A-004", 1, 1, ["P-02", "P-01", "P-03"]),
    protocol.Entry("A-005", 2, 2, ["P-01", "P-03"]),
]
EXAMPLE_FORMAT = {
    "description": "the notary calls three numbers, written 'Notaris: a-b-c'",
    "pattern": "^Notaris: [0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$",
}
EXAMPLE_TIMES = {
    "committed_at": "2026-03-01T09:00:00+01:00",
    "window_closed_at": "2026-04-01T12:00:00+02:00",
    "frozen_at": "2026-04-15T10:00:00+02:00",
    "drawn_at": "2026-04-20T14:30:00+02:00",
}


def example_record() -> dict:
    snapshot = protocol.build_snapshot("spangen-2026-1", ["P-01", "P-02", "P-03"], EXAMPLE_ENTRIES)
    return protocol.build_record(
        round_slug="spangen-2026-1",
        snapshot=snapshot,
        seed=EXAMPLE_SEED,
        seed_commitment=protocol.seed_commitment(EXAMPLE_SEED),
        public_value_format=EXAMPLE_FORMAT,
        public_value="Notaris: 4-17-23",
        **EXAMPLE_TIMES,
    )


def test_the_worked_example_in_lottery_md_comes_out_as_published():
    record = example_record()
    assert record["seed_commitment"] == (
        "4773d12e2371bb935b9a0f5439b4a1c3ad3f2414b86980f8418d1cfabdfadfef"
    )
    assert record["snapshot_sha256"] == (
        "a9a44392c8a95fe346f264bc3310797a814873ab76d4f2958dcb55f90cbaf343"
    )
    assert [(row["position"], row["ref"]) for row in record["order"]] == [
        (1, "A-002"),
        (2, "A-004"),
        (3, "A-001"),
        (4, "A-005"),
        (5, "A-003"),
    ]
    assert record["allocation"] == {"P-01": "A-002", "P-02": "A-004", "P-03": "A-005"}
    assert record["reserves"] == {
        "P-01": ["A-001", "A-003"],
        "P-02": ["A-001"],
        "P-03": ["A-003"],
    }
    assert list(record) == list(protocol.RECORD_KEYS)
    assert protocol.verify_record(record) == []


# --- Commit, snapshot and public value ----------------------------------------------------------


def test_a_new_seed_is_32_fresh_random_bytes():
    seeds = {protocol.new_seed() for _ in range(100)}
    assert len(seeds) == 100
    assert all(len(seed) == 32 for seed in seeds)


def test_the_seed_commitment_is_the_lowercase_sha256_of_the_seed():
    seed = bytes(range(32))
    assert protocol.seed_commitment(seed) == hashlib.sha256(seed).hexdigest()
    assert protocol.seed_commitment(seed) == protocol.seed_commitment(seed).lower()


@settings(deadline=None, max_examples=100)
@given(
    key=st.binary(min_size=0, max_size=100),
    ref=st.text(alphabet="AZaz09-", min_size=1, max_size=40),
    tickets=st.integers(1, 10),
)
def test_a_lottery_number_is_the_smallest_hmac_sha256_over_the_tickets(key, ref, tickets):
    expected = min(
        hmac.digest(key, f"{ref}:{t}".encode(), "sha256").hex() for t in range(1, tickets + 1)
    )
    assert protocol.lottery_number(key, ref, tickets) == expected


def test_refs_are_sorted_by_code_point_and_never_by_a_collation():
    snapshot = protocol.build_snapshot(
        "ronde-1",
        ["p-2", "P-1", "P-1", "0"],
        [{"ref": ref, "group": 1, "tickets": 1, "preferences": ["0"]} for ref in ("b", "Z", "a")],
    )
    assert snapshot["properties"] == ["0", "P-1", "p-2"]
    assert [entry["ref"] for entry in snapshot["entries"]] == ["Z", "a", "b"]


def test_build_snapshot_keeps_each_entrys_preferences_in_its_ranked_order():
    snapshot = protocol.build_snapshot(
        "ronde-1", ["P-1", "P-2", "P-3"], [protocol.Entry("A", 1, 1, ("P-3", "P-1", "P-2"))]
    )
    assert snapshot["entries"][0]["preferences"] == ["P-3", "P-1", "P-2"]


@pytest.mark.parametrize(
    "entries",
    [
        [protocol.Entry("A", 1, 1, ["P-1"]), protocol.Entry("A", 2, 1, ["P-1"])],
        [protocol.Entry("A", 1, 1, ["P-9"])],
        [protocol.Entry("A", True, 1, ["P-1"])],
        [{"ref": "A", "group": 1, "tickets": 1}],
    ],
    ids=["duplicate ref", "unknown preference", "group true", "no preferences key"],
)
def test_build_snapshot_refuses_entries_that_would_not_be_well_formed(entries):
    with pytest.raises(ValueError, match="not well formed"):
        protocol.build_snapshot("ronde-1", ["P-1"], entries)


def well_formed_snapshot() -> dict:
    return protocol.build_snapshot("spangen-2026-1", ["P-01", "P-02", "P-03"], EXAMPLE_ENTRIES)


def test_a_well_formed_snapshot_has_no_problems():
    assert protocol.validate_snapshot(well_formed_snapshot()) == []


def _set(path, value):
    def change(snapshot):
        *parents, last = path
        target = snapshot
        for key in parents:
            target = target[key]
        target[last] = value

    return change


def _delete(path):
    def change(snapshot):
        *parents, last = path
        target = snapshot
        for key in parents:
            target = target[key]
        del target[last]

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_set(["protocol"], "klushuis-lottery-v2"), "protocol"),
        (_set(["round"], "spangen 2026"), "round"),
        (_set(["round"], "x" * 41), "round"),
        (_set(["round"], ""), "round"),
        (_set(["properties"], ["P-02", "P-01", "P-03"]), "properties are not sorted"),
        (_set(["properties"], ["P-01", "P-01", "P-02", "P-03"]), "properties are not unique"),
        (_set(["properties", 0], "P-é1"), "property 0 is not a valid ref"),
        (_set(["properties"], "P-01"), "properties is not a list"),
        (_set(["entries", 0, "ref"], "A-009"), "entries are not sorted by ref"),
        (_set(["entries", 1, "ref"], "A-001"), "entries are not unique by ref"),
        (_set(["entries", 0, "ref"], "A_001"), "ref must be"),
        (_set(["entries", 0, "group"], True), "group must be a JSON integer"),
        (_set(["entries", 0, "group"], 0), "group must be a JSON integer"),
        (_set(["entries", 0, "group"], 10), "group must be a JSON integer"),
        (_set(["entries", 0, "group"], 1.0), "group must be a JSON integer"),
        (_set(["entries", 0, "tickets"], True), "tickets must be a JSON integer"),
        (_set(["entries", 0, "tickets"], False), "tickets must be a JSON integer"),
        (_set(["entries", 0, "tickets"], 11), "tickets must be a JSON integer"),
        (_set(["entries", 0, "tickets"], "1"), "tickets must be a JSON integer"),
        (_set(["entries", 0, "preferences"], []), "non-empty list"),
        (_set(["entries", 0, "preferences"], ["P-01", "P-01"]), "not unique"),
        (_set(["entries", 0, "preferences"], ["P-01", "P-99"]), '"P-99" is not in properties'),
        (_set(["entries", 0, "preferences"], [1]), "property refs"),
        (_set(["entries", 0, "extra"], 1), "unexpected key 'extra'"),
        (_delete(["entries", 0, "tickets"]), "has no 'tickets'"),
        (_set(["entries", 0], ["A-001"]), "entry 0 is not a JSON object"),
        (_set(["entries"], {}), "entries is not a list"),
        (_set(["annulled"], True), "unexpected key 'annulled'"),
        (_delete(["properties"]), "has no 'properties'"),
    ],
)
def test_validate_snapshot_names_what_is_wrong(change, expected):
    snapshot = well_formed_snapshot()
    change(snapshot)
    problems = protocol.validate_snapshot(snapshot)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize("snapshot", [None, [], "snapshot", 3])
def test_a_snapshot_that_is_not_an_object_is_a_problem_not_a_crash(snapshot):
    assert protocol.validate_snapshot(snapshot) == ["the snapshot is not a JSON object"]


def test_the_public_value_is_nfc_normalised_and_stripped():
    decomposed = "  Getuige Mu\u0308ller: e\u0301e\u0301n\n"
    assert protocol.normalise_public_value(decomposed) == "Getuige Müller: één"
    assert unicodedata.is_normalized("NFC", protocol.normalise_public_value(decomposed))


@pytest.mark.parametrize(
    ("value", "pattern", "expected"),
    [
        ("4-17-23", "^[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$", None),
        ("", "^.*$", "empty"),
        ("4-17-23 ", "^[0-9-]+ ?$", "whitespace"),
        ("4-17-23\n", "^[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$", "does not match"),
        ("Mu\u0308ller", "^.+$", "NFC"),
        ("4-17", "^[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$", "does not match"),
        # The pattern describes the whole value, even without its anchors.
        ("4-17-23 and more", "[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}", "does not match"),
        ("4-17-23", "^([0-9]$", "not a valid regular expression"),
        (4, "^.*$", "not a string"),
        ("\ud800", "^.*$", "not valid Unicode"),
    ],
)
def test_public_value_problems_say_why_a_value_is_refused(value, pattern, expected):
    problems = protocol.public_value_problems(value, pattern)
    if expected is None:
        assert problems == []
    else:
        assert any(expected in p for p in problems), problems


def test_draw_refuses_a_malformed_snapshot():
    snapshot = well_formed_snapshot()
    snapshot["entries"][0]["tickets"] = 0
    with pytest.raises(ValueError, match="tickets"):
        protocol.draw(snapshot, EXAMPLE_SEED, "Notaris: 4-17-23")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"seed_commitment": "0" * 64}, "seed_commitment"),
        ({"public_value": "Notaris: 4-17"}, "does not match"),
        ({"committed_at": "2026-04-02T09:00:00+02:00"}, "committed_at"),
        ({"drawn_at": "2026-04-20T14:30:00"}, "no offset"),
        ({"round_slug": "charlois-2026"}, "round"),
    ],
)
def test_build_record_refuses_to_publish_a_record_that_would_not_verify(changes, expected):
    arguments = inputs_of(example_record())
    arguments.update(changes)
    with pytest.raises(ValueError, match=expected):
        protocol.build_record(**arguments)


# --- Verification of a published record ---------------------------------------------------------


def _swap_first_two_in_order(record):
    first, second = record["order"][0], record["order"][1]
    record["order"][0] = {**second, "position": 1}
    record["order"][1] = {**first, "position": 2}


TAMPERINGS = {
    "a changed seed": (
        lambda r: r.update(commit_seed="ff" * 32),
        "sha256(commit_seed) does not equal seed_commitment",
    ),
    "a seed in upper case": (lambda r: r.update(commit_seed=r["commit_seed"].upper()), "hex"),
    "a changed seed commitment": (
        lambda r: r.update(seed_commitment="0" * 64),
        "does not equal seed_commitment",
    ),
    "a changed public value": (
        lambda r: r.update(public_value="Notaris: 4-17-24"),
        "order differs from the recomputed order",
    ),
    "a public value not matching the pattern": (
        lambda r: r.update(public_value="4-17-23"),
        "does not match the pattern",
    ),
    "a public value with a trailing space": (
        lambda r: r.update(public_value="Notaris: 4-17-23 "),
        "whitespace",
    ),
    "a changed pattern without its key": (
        lambda r: r["public_value_format"].pop("pattern"),
        "has no 'pattern'",
    ),
    "tickets changed in the snapshot": (
        lambda r: r["snapshot"]["entries"][0].update(tickets=2),
        "snapshot_sha256 is not the SHA-256",
    ),
    "tickets given as true": (
        lambda r: r["snapshot"]["entries"][0].update(tickets=True),
        "tickets must be a JSON integer from 1 to 10, not true",
    ),
    "an unsorted entries list": (
        lambda r: r["snapshot"]["entries"].reverse(),
        "entries are not sorted by ref",
    ),
    "a preference not in properties": (
        lambda r: r["snapshot"]["entries"][0]["preferences"].append("P-99"),
        'preference "P-99" is not in properties',
    ),
    "an entry removed from the snapshot and its hash": (
        lambda r: (
            r["snapshot"]["entries"].pop(),
            r.update(snapshot_sha256=protocol.snapshot_sha256(r["snapshot"])),
        ),
        "order has 5 entries; the recomputed order has 4",
    ),
    "a changed snapshot hash": (lambda r: r.update(snapshot_sha256="0" * 64), "snapshot_sha256"),
    "a round that is not the snapshot's": (lambda r: r.update(round="charlois"), "round"),
    "another protocol": (lambda r: r.update(protocol="klushuis-lottery-v0"), "protocol"),
    "a swapped order": (_swap_first_two_in_order, "order differs from the recomputed order"),
    "a changed lottery number": (
        lambda r: r["order"][2].update(lottery_number="0" * 64),
        "from position 3",
    ),
    "a position written as true": (
        lambda r: r["order"][0].update(position=True),
        "from position 1",
    ),
    "a changed allocation": (
        lambda r: r["allocation"].update({"P-01": "A-004"}),
        'allocation of "P-01" differs',
    ),
    "an allocation left out": (lambda r: r["allocation"].pop("P-03"), 'allocation of "P-03"'),
    "a reserves list in the wrong order": (
        lambda r: r["reserves"]["P-01"].reverse(),
        'reserves of "P-01" differs',
    ),
    "reserves that are not an object": (lambda r: r.update(reserves=[]), "not a JSON object"),
    "frozen after the draw": (
        lambda r: r.update(frozen_at="2026-04-21T10:00:00+02:00"),
        "frozen_at is not before drawn_at",
    ),
    "committed after the window closed": (
        lambda r: r.update(committed_at="2026-04-01T12:00:01+02:00"),
        "committed_at is not before window_closed_at",
    ),
    "frozen before the window closed": (
        # The offsets differ: 10:59 UTC+1 is before 12:00 UTC+2 only when read with its offset.
        lambda r: r.update(frozen_at="2026-04-01T10:59:59+01:00"),
        "window_closed_at is after frozen_at",
    ),
    "a time without offset": (
        lambda r: r.update(drawn_at="2026-04-20T14:30:00"),
        'drawn_at "2026-04-20T14:30:00" has no offset',
    ),
    "a time that is not a time": (lambda r: r.update(drawn_at="morgen"), "not an ISO 8601 time"),
    "a time that is a number": (lambda r: r.update(drawn_at=20260420), "not a string"),
}


@pytest.mark.parametrize(("tamper", "expected"), TAMPERINGS.values(), ids=TAMPERINGS.keys())
def test_verify_record_reports_a_tampered_record(tamper, expected):
    record = example_record()
    tamper(record)
    problems = protocol.verify_record(record)
    assert any(expected in problem for problem in problems), problems


def test_the_same_time_of_closing_and_freezing_is_allowed():
    record = example_record()
    arguments = inputs_of(record)
    arguments["frozen_at"] = "2026-04-01T10:00:00+00:00"  # the same moment as 12:00 UTC+2
    assert protocol.verify_record(protocol.build_record(**arguments)) == []


def test_a_key_the_protocol_does_not_name_such_as_an_annulment_mark_is_ignored():
    record = example_record()
    record["annulled_at"] = "2026-04-21T09:00:00+02:00"
    assert protocol.verify_record(record) == []


@pytest.mark.parametrize("key", protocol.RECORD_KEYS)
def test_verify_record_reports_a_missing_key(key):
    record = example_record()
    del record[key]
    problems = protocol.verify_record(record)
    assert f"the record has no {key!r}" in problems


@pytest.mark.parametrize("record", [None, [], "{}", 42, True])
def test_verify_record_reports_a_record_that_is_not_an_object(record):
    assert protocol.verify_record(record) == ["the record is not a JSON object"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(deadline=None, max_examples=150)
@given(
    key=st.sampled_from(protocol.RECORD_KEYS),
    value=json_values,
    inner=st.sampled_from(["snapshot", "order", "public_value_format", None]),
)
def test_verify_record_never_raises_on_a_malformed_record(key, value, inner):
    record = example_record()
    if inner == "snapshot":
        record["snapshot"]["entries"][0][key] = value
    elif inner == "order":
        record["order"][0] = value
    elif inner == "public_value_format":
        record["public_value_format"]["pattern"] = value
    else:
        record[key] = value
    problems = protocol.verify_record(record)
    assert isinstance(problems, list)
    assert all(isinstance(problem, str) for problem in problems)
    assert not any("could not be checked" in problem for problem in problems), problems


@settings(deadline=None, max_examples=50)
@given(record=st.dictionaries(st.sampled_from(protocol.RECORD_KEYS), json_values))
def test_verify_record_never_raises_on_arbitrary_json(record):
    problems = protocol.verify_record(record)
    assert problems
    assert not any("could not be checked" in problem for problem in problems), problems


# --- The invariants of section 3, on random rounds ----------------------------------------------

# Upper and lower case, digits and a hyphen, so that code-point order differs from a collation.
refs = st.text(alphabet="AZaz09-", min_size=1, max_size=3)
seeds = st.binary(min_size=32, max_size=32)
public_values = st.text(min_size=1, max_size=12)


@st.composite
def rounds(draw):
    """The inputs of build_snapshot: properties and entries in the order they are supplied."""
    properties = draw(st.lists(refs, min_size=1, max_size=8, unique=True))
    entry_refs = draw(st.lists(refs, min_size=1, max_size=14, unique=True))
    entries = [
        protocol.Entry(
            ref=ref,
            group=draw(st.integers(1, 3)),
            tickets=draw(st.integers(1, 4)),
            preferences=draw(
                st.lists(st.sampled_from(properties), min_size=1, max_size=5, unique=True)
            ),
        )
        for ref in entry_refs
    ]
    return properties, entries


@st.composite
def snapshots(draw):
    properties, entries = draw(rounds())
    return protocol.build_snapshot("ronde-1", properties, entries)


INVARIANTS = settings(deadline=None, max_examples=150)


@INVARIANTS
@given(snapshot=snapshots(), seed=seeds, public_value=public_values)
def test_every_entry_appears_once_in_the_order_with_positions_from_one(
    snapshot, seed, public_value
):
    order = protocol.draw(snapshot, seed, public_value).order
    assert [row["position"] for row in order] == list(range(1, len(snapshot["entries"]) + 1))
    assert sorted(row["ref"] for row in order) == [e["ref"] for e in snapshot["entries"]]
    keys = [(row["group"], row["lottery_number"], row["ref"]) for row in order]
    assert keys == sorted(keys)


@INVARIANTS
@given(snapshot=snapshots(), seed=seeds, public_value=public_values)
def test_group_1_entries_always_precede_group_2(snapshot, seed, public_value):
    groups = [row["group"] for row in protocol.draw(snapshot, seed, public_value).order]
    assert groups == sorted(groups)
    last_of = {group: max(i for i, g in enumerate(groups) if g == group) for group in groups}
    first_of = {group: min(i for i, g in enumerate(groups) if g == group) for group in groups}
    if 1 in groups and 2 in groups:
        assert last_of[1] < first_of[2]


@INVARIANTS
@given(snapshot=snapshots(), seed=seeds, public_value=public_values)
def test_each_home_goes_to_at_most_one_entry_and_each_entry_gets_at_most_one_home(
    snapshot, seed, public_value
):
    allocation = protocol.draw(snapshot, seed, public_value).allocation
    preferences = {e["ref"]: e["preferences"] for e in snapshot["entries"]}
    winners = list(allocation.values())
    assert len(winners) == len(set(winners))
    assert set(allocation) <= set(snapshot["properties"])
    for home, ref in allocation.items():
        assert home in preferences[ref]


@INVARIANTS
@given(snapshot=snapshots(), seed=seeds, public_value=public_values)
def test_no_entry_prefers_a_home_that_went_to_an_entry_after_it(snapshot, seed, public_value):
    result = protocol.draw(snapshot, seed, public_value)
    position = {row["ref"]: row["position"] for row in result.order}
    received = {ref: home for home, ref in result.allocation.items()}
    for entry in snapshot["entries"]:
        listed = entry["preferences"]
        home = received.get(entry["ref"])
        better = listed[: listed.index(home)] if home is not None else listed
        for wanted in better:
            assert wanted in result.allocation
            assert position[result.allocation[wanted]] < position[entry["ref"]]


@INVARIANTS
@given(snapshot=snapshots(), seed=seeds, public_value=public_values)
def test_reserves_hold_only_unplaced_entries_that_listed_the_home_in_draw_order(
    snapshot, seed, public_value
):
    result = protocol.draw(snapshot, seed, public_value)
    placed = set(result.allocation.values())
    in_draw_order = [row["ref"] for row in result.order]
    expected = {}
    for ref in in_draw_order:
        if ref in placed:
            continue
        entry = next(e for e in snapshot["entries"] if e["ref"] == ref)
        for home in entry["preferences"]:
            expected.setdefault(home, []).append(ref)
    assert result.reserves == expected
    assert all(result.reserves.values())
    for refs_ in result.reserves.values():
        assert refs_ == sorted(refs_, key=in_draw_order.index)


@INVARIANTS
@given(data=st.data(), inputs=rounds(), seed=seeds, public_value=public_values)
def test_the_result_does_not_depend_on_the_order_entries_and_homes_are_supplied_in(
    data, inputs, seed, public_value
):
    properties, entries = inputs
    snapshot = protocol.build_snapshot("ronde-1", properties, entries)
    shuffled = protocol.build_snapshot(
        "ronde-1",
        data.draw(st.permutations(properties)),
        [
            {"ref": e.ref, "group": e.group, "tickets": e.tickets, "preferences": e.preferences}
            for e in data.draw(st.permutations(entries))
        ],
    )
    assert protocol.canonical_bytes(shuffled) == protocol.canonical_bytes(snapshot)
    assert protocol.draw(shuffled, seed, public_value) == protocol.draw(
        snapshot, seed, public_value
    )


@INVARIANTS
@given(snapshot=snapshots(), seeds_=st.lists(seeds, min_size=2, max_size=2, unique=True))
def test_a_different_seed_gives_different_lottery_numbers(snapshot, seeds_):
    first, second = (
        {row["ref"]: row["lottery_number"] for row in protocol.draw(snapshot, seed, "1-2-3").order}
        for seed in seeds_
    )
    assert all(first[ref] != second[ref] for ref in first)


@INVARIANTS
@given(snapshot=snapshots(), seed=seeds, values=st.lists(public_values, min_size=2, max_size=2))
def test_a_different_public_value_gives_different_lottery_numbers(snapshot, seed, values):
    assume(values[0] != values[1])
    first, second = (
        {row["ref"]: row["lottery_number"] for row in protocol.draw(snapshot, seed, value).order}
        for value in values
    )
    assert all(first[ref] != second[ref] for ref in first)


@settings(deadline=None, max_examples=50)
@given(snapshot=snapshots(), seed=seeds)
def test_a_record_built_for_a_random_round_verifies(snapshot, seed):
    record = protocol.build_record(
        round_slug="ronde-1",
        snapshot=snapshot,
        seed=seed,
        seed_commitment=protocol.seed_commitment(seed),
        public_value_format=EXAMPLE_FORMAT,
        public_value="Notaris: 4-17-23",
        **EXAMPLE_TIMES,
    )
    assert protocol.verify_record(copy.deepcopy(record)) == []
    assert protocol.verify_record(json.loads(protocol.canonical_bytes(record))) == []


def test_three_tickets_against_one_come_first_about_three_times_in_four():
    snapshot = protocol.build_snapshot(
        "ronde-1",
        ["P-1"],
        [protocol.Entry("DRIE", 1, 3, ["P-1"]), protocol.Entry("EEN", 1, 1, ["P-1"])],
    )
    draws = 4000
    first = sum(
        protocol.draw(snapshot, EXAMPLE_SEED, f"{i}-{i % 97}").order[0]["ref"] == "DRIE"
        for i in range(draws)
    )
    assert 0.70 <= first / draws <= 0.80
