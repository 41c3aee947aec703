"""The public lottery protocol `klushuis-lottery-v1` of LOTTERY.md, as pure functions.

This module is a contract with the outside world: an outsider's verifier written from
LOTTERY.md alone must agree with it byte for byte, so it follows the page literally and imports
nothing from Django. The portal's services are the adapter around it (seed storage, times,
publication); `verify_record` is what `manage.py lottery_verify` and outsiders run.
"""

import copy
import hashlib
import itertools
import json
import operator
import re
import secrets
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

PROTOCOL = "klushuis-lottery-v1"

SNAPSHOT_KEYS = frozenset({"protocol", "round", "properties", "entries"})
ENTRY_KEYS = frozenset({"ref", "group", "tickets", "preferences"})
FORMAT_KEYS = frozenset({"description", "pattern"})
TIME_KEYS = ("committed_at", "window_closed_at", "frozen_at", "drawn_at")
# The record's keys in the order the portal writes them (the order of the test vectors).
RECORD_KEYS = (
    "protocol",
    "round",
    "snapshot",
    "seed_commitment",
    "public_value_format",
    "commit_seed",
    "public_value",
    *TIME_KEYS,
    "snapshot_sha256",
    "order",
    "allocation",
    "reserves",
)

_REF = re.compile(r"[A-Za-z0-9-]{1,40}")
_SEED_HEX = re.compile(r"[0-9a-f]{64}")
# A broken snapshot of 100,000 entries would otherwise give 100,000 lines; the first few are
# enough to find the fault, and the count says how big it is.
_MAX_LISTED = 5
_SHA256_BLOCK = 64


@dataclass(frozen=True)
class Entry:
    """One eligible application in the draw: its ref, group, tickets and ranked preferences."""

    ref: str
    group: int
    tickets: int
    preferences: Sequence[str]

    def __post_init__(self) -> None:
        if isinstance(self.preferences, str):
            raise TypeError("preferences must be a sequence of property refs, not one string")
        object.__setattr__(self, "preferences", tuple(self.preferences))


@dataclass(frozen=True)
class DrawResult:
    """The outcome of a draw, exactly as it appears in the published record."""

    order: list[dict[str, Any]]
    allocation: dict[str, str]
    reserves: dict[str, list[str]]


# --- Commit -------------------------------------------------------------------------------------


def new_seed() -> bytes:
    """A fresh 32-byte secret from the operating system's secure generator."""
    return secrets.token_bytes(32)


def seed_commitment(seed: bytes) -> str:
    """The published commitment to a seed: its SHA-256 as lowercase hex."""
    return hashlib.sha256(seed).hexdigest()


# --- Freeze -------------------------------------------------------------------------------------


def canonical_bytes(obj: Any) -> bytes:
    """The canonical JSON of a value (sorted keys, no spaces, UTF-8) that the hashes cover."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def snapshot_sha256(snapshot: Mapping[str, Any]) -> str:
    """SHA-256 of the snapshot's canonical bytes, lowercase hex."""
    return hashlib.sha256(canonical_bytes(snapshot)).hexdigest()


def _entry_dict(entry: Entry | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(entry, Entry):
        return {
            "ref": entry.ref,
            "group": entry.group,
            "tickets": entry.tickets,
            "preferences": list(entry.preferences),
        }
    item = dict(entry)
    # JSON has lists only; a tuple would hash the same but fail validation as "not a list".
    if isinstance(item.get("preferences"), tuple):
        item["preferences"] = list(item["preferences"])
    return item


def build_snapshot(
    round_slug: str,
    properties: Iterable[str],
    entries: Iterable[Entry | Mapping[str, Any]],
) -> dict[str, Any]:
    """The frozen snapshot: properties sorted and unique, entries sorted by ref.

    Sorting is Python's sorted() on the strings (code-point order), as the protocol says, never
    a database collation. Raises ValueError when the result would not be well formed.
    """
    items = [_entry_dict(entry) for entry in entries]
    try:
        sorted_properties = sorted(set(properties))
        items.sort(key=lambda item: item.get("ref", ""))
    except TypeError as error:
        raise ValueError(f"refs must be strings: {error}") from error
    snapshot = {
        "protocol": PROTOCOL,
        "round": round_slug,
        "properties": sorted_properties,
        "entries": items,
    }
    problems = validate_snapshot(snapshot)
    if problems:
        raise ValueError("the snapshot is not well formed: " + "; ".join(problems))
    return snapshot


def _show(value: Any) -> str:
    """A value as it would read in the JSON record (true, not True), for problem messages."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return repr(value)


def _is_ref(value: Any) -> bool:
    return isinstance(value, str) and _REF.fullmatch(value) is not None


def _is_int_between(value: Any, low: int, high: int) -> bool:
    # `type(...) is int`: a JSON integer only. Python's bool is an int subclass, but `true` is
    # not an integer in JSON, and 1.0 is a JSON number that other languages may read as a float.
    return type(value) is int and low <= value <= high


def _listed(problems: list[str]) -> list[str]:
    if len(problems) <= _MAX_LISTED:
        return problems
    more = len(problems) - _MAX_LISTED
    return [*problems[:_MAX_LISTED], f"... and {more} more problems of this kind"]


def _key_problems(obj: Mapping[Any, Any], expected: frozenset[str], where: str) -> list[str]:
    if obj.keys() == expected:
        return []
    problems = [f"{where} has no {key!r}" for key in sorted(expected - obj.keys())]
    unexpected = [key for key in obj if key not in expected]
    problems += [f"{where} has an unexpected key {key!r}" for key in sorted(unexpected, key=repr)]
    return problems


def _strictly_increasing(values: list[str]) -> bool:
    # map() over the list and its tail compares in C: a third of the time of a generator over
    # pairwise() for 100,000 refs.
    return all(map(operator.lt, values, itertools.islice(values, 1, None)))


def _entry_problems(index: int, entry: Any, properties: frozenset[str]) -> list[str]:
    if not isinstance(entry, dict):
        return [f"entry {index} is not a JSON object"]
    found = []
    if entry.keys() != ENTRY_KEYS:
        found += _key_problems(entry, ENTRY_KEYS, "it")
    if "ref" in entry and not _is_ref(entry["ref"]):
        found.append("its ref must be 1-40 ASCII letters, digits or hyphens")
    if "group" in entry and not _is_int_between(entry["group"], 1, 9):
        found.append(f"its group must be a JSON integer from 1 to 9, not {_show(entry['group'])}")
    if "tickets" in entry and not _is_int_between(entry["tickets"], 1, 10):
        found.append(
            f"its tickets must be a JSON integer from 1 to 10, not {_show(entry['tickets'])}"
        )
    if "preferences" in entry:
        preferences = entry["preferences"]
        if not isinstance(preferences, list) or not preferences:
            found.append("its preferences must be a non-empty list")
        elif not all(isinstance(p, str) for p in preferences):
            found.append("its preferences must be property refs (strings)")
        else:
            if len(set(preferences)) != len(preferences):
                found.append("its preferences are not unique")
            found += [
                f"its preference {_show(p)} is not in properties"
                for p in preferences
                if p not in properties
            ]
    if not found:
        return []
    # The name is built only for a broken entry: json.dumps per entry would double the time
    # that validating a round of 100,000 entries takes.
    name = f"entry {index} ({_show(entry['ref'])})" if "ref" in entry else f"entry {index}"
    return [f"{name}: {problem}" for problem in found]


def _all_refs(values: list[Any]) -> bool:
    return set(map(type, values)) <= {str} and all(map(_REF.fullmatch, values))


def _all_ints_between(values: list[Any], low: int, high: int) -> bool:
    # type() and not isinstance(), as in _is_int_between: bool is not a JSON integer.
    return set(map(type, values)) <= {int} and (
        not values or low <= min(values) <= max(values) <= high
    )


def _certainly_well_formed(snapshot: Any) -> bool:
    """True only if `_snapshot_problems` would find nothing; False when in any doubt.

    The same checks as section 2 and `_snapshot_problems`, column by column with map(), sets
    and min/max that loop in C, instead of entry by entry in Python: a well-formed round of
    100,000 entries passes in about a fifth of the time. It finds no problem, it only says
    there is none; whenever it is not sure (a broken snapshot, but also a str or dict subclass
    that `_snapshot_problems` would still accept), `validate_snapshot` runs the checks that
    name the problems. The draw, the record and its verification validate the snapshot every
    time (it is a mutable dict), so this is a large part of their time.
    """
    if type(snapshot) is not dict or snapshot.keys() != SNAPSHOT_KEYS:
        return False
    properties, entries = snapshot["properties"], snapshot["entries"]
    if not (
        type(snapshot["protocol"]) is str
        and snapshot["protocol"] == PROTOCOL
        and _all_refs([snapshot["round"]])
        and type(properties) is list
        and _all_refs(properties)
        and _strictly_increasing(properties)
        and type(entries) is list
        and set(map(type, entries)) <= {dict}
        and all(map(operator.eq, map(dict.keys, entries), itertools.repeat(ENTRY_KEYS)))
    ):
        return False
    refs = list(map(operator.itemgetter("ref"), entries))
    preferences = list(map(operator.itemgetter("preferences"), entries))
    if not (
        _all_refs(refs)
        and _strictly_increasing(refs)
        and _all_ints_between(list(map(operator.itemgetter("group"), entries)), 1, 9)
        and _all_ints_between(list(map(operator.itemgetter("tickets"), entries)), 1, 10)
        and set(map(type, preferences)) <= {list}
        and all(map(len, preferences))
    ):
        return False
    every_preference = list(itertools.chain.from_iterable(preferences))
    return (
        set(map(type, every_preference)) <= {str}
        and frozenset(properties).issuperset(every_preference)
        # Each list is unique when no set of it is shorter than the list.
        and sum(map(len, map(set, preferences))) == len(every_preference)
    )


def _json_refs(refs: list[str]) -> str:
    return '["' + '","'.join(refs) + '"]' if refs else "[]"


def _well_formed_snapshot_bytes(snapshot: dict[str, Any]) -> bytes:
    """`canonical_bytes(snapshot)` for a snapshot that `_certainly_well_formed` accepted.

    In such a snapshot every string is the protocol's name or a ref (ASCII letters, digits and
    hyphens: nothing that JSON escapes) and every number a small int (not a bool), so its
    canonical JSON is this template, keys in sorted order, filled in with plain string
    formatting. json.dumps(sort_keys=True) sorts the keys of every one of 100,000 entries and
    escapes every string: twice as long, and the hash is taken at every draw. The tests check
    that both give the same bytes (random rounds and the published vectors).
    """
    entries = ",".join(
        [
            f'{{"group":{entry["group"]},"preferences":{_json_refs(entry["preferences"])},'
            f'"ref":"{entry["ref"]}","tickets":{entry["tickets"]}}}'
            for entry in snapshot["entries"]
        ]
    )
    properties = _json_refs(snapshot["properties"])
    return (
        f'{{"entries":[{entries}],"properties":{properties},'
        f'"protocol":"{snapshot["protocol"]}","round":"{snapshot["round"]}"}}'
    ).encode()


def validate_snapshot(snapshot: Any) -> list[str]:
    """The ways a snapshot breaks section 2 of the protocol; an empty list means well formed."""
    if _certainly_well_formed(snapshot):
        return []
    return _snapshot_problems(snapshot)


def _snapshot_problems(snapshot: Any) -> list[str]:
    """Every check of section 2, naming each problem found (see `validate_snapshot`)."""
    if not isinstance(snapshot, dict):
        return ["the snapshot is not a JSON object"]
    problems = _key_problems(snapshot, SNAPSHOT_KEYS, "the snapshot")
    if "protocol" in snapshot and snapshot["protocol"] != PROTOCOL:
        problems.append(f"the snapshot's protocol is {_show(snapshot['protocol'])}, not {PROTOCOL}")
    if "round" in snapshot and not _is_ref(snapshot["round"]):
        problems.append("the snapshot's round must be 1-40 ASCII letters, digits or hyphens")

    known: frozenset[str] = frozenset()
    properties = snapshot.get("properties")
    if "properties" in snapshot:
        if not isinstance(properties, list):
            problems.append("properties is not a list")
        else:
            bad = [
                f"property {i} is not a valid ref"
                for i, p in enumerate(properties)
                if not _is_ref(p)
            ]
            problems += _listed(bad)
            known = frozenset(p for p in properties if _is_ref(p))
            if not bad and not _strictly_increasing(properties):
                if len(known) != len(properties):
                    problems.append("properties are not unique")
                else:
                    problems.append("properties are not sorted")

    entries = snapshot.get("entries")
    if "entries" in snapshot:
        if not isinstance(entries, list):
            problems.append("entries is not a list")
        else:
            found: list[str] = []
            for index, entry in enumerate(entries):
                found += _entry_problems(index, entry, known)
            problems += _listed(found)
            refs = [e["ref"] for e in entries if isinstance(e, dict) and _is_ref(e.get("ref"))]
            if len(refs) == len(entries) and not _strictly_increasing(refs):
                if len(set(refs)) != len(refs):
                    problems.append("entries are not unique by ref")
                else:
                    problems.append("entries are not sorted by ref")
    return problems


# --- Draw ---------------------------------------------------------------------------------------


def normalise_public_value(value: str) -> str:
    """The public value as the protocol wants it: NFC-normalised, without outer whitespace."""
    return unicodedata.normalize("NFC", value).strip()


def _is_text(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # JSON can carry a lone surrogate (\ud800), which has no UTF-8 form to hash.
        return False
    return True


def public_value_problems(value: Any, pattern: Any) -> list[str]:
    """The ways a public value breaks section 3 and its round's published pattern."""
    if not isinstance(value, str):
        return [f"the public value is not a string but {_show(value)}"]
    if not _is_text(value):
        return ["the public value is not valid Unicode text"]
    problems = []
    if not value.strip():
        problems.append("the public value is empty")
    elif value != value.strip():
        problems.append("the public value has leading or trailing whitespace")
    if unicodedata.normalize("NFC", value) != value:
        problems.append("the public value is not NFC-normalised")
    if not isinstance(pattern, str):
        problems.append("the pattern of the public value is not a string")
        return problems
    try:
        # fullmatch, not search: the pattern says what the whole value looks like. With the
        # anchored patterns the portal publishes (^...$) both agree, except that search lets
        # Python's `$` match before a trailing newline; and should a pattern lack its anchors,
        # fullmatch still refuses extra text. Anything fullmatch accepts, an outsider's
        # search-style check (JavaScript's RegExp.test, grep) accepts too, so their verifier
        # never rejects a value the portal took. The pattern is read as Python `re` syntax.
        matched = re.fullmatch(pattern, value) is not None
    except re.error as error:
        problems.append(
            f"the pattern of the public value is not a valid regular expression: {error}"
        )
        return problems
    if not matched:
        problems.append(
            f"the public value {_show(value)} does not match the pattern {_show(pattern)}"
        )
    return problems


def draw_key(seed: bytes, snapshot_hash_hex: str, public_value: str) -> bytes:
    """sha256(seed || snapshot hash as ASCII hex || public value as UTF-8), raw 32 bytes."""
    material = seed + snapshot_hash_hex.encode("ascii") + public_value.encode("utf-8")
    return hashlib.sha256(material).digest()


def _ticket_hasher(key: bytes) -> Callable[[str, int], bytes]:
    """lottery_number with the key fixed, as the raw digest: HMAC-SHA256 (RFC 2104) with its
    two pads hashed once.

    A round of 100,000 entries has up to a million tickets; copying the hash states after the
    padded key is twice as fast as `hmac.digest` per ticket. The tests check it against
    `hmac.digest`. Raw digests of equal length compare exactly as their lowercase hex, so the
    draw sorts on them and writes hex only into the order.
    """
    if len(key) > _SHA256_BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_SHA256_BLOCK, b"\0")
    inner_copy = hashlib.sha256(bytes(byte ^ 0x36 for byte in key)).copy
    outer_copy = hashlib.sha256(bytes(byte ^ 0x5C for byte in key)).copy

    def smallest(ref: str, tickets: int) -> bytes:
        if tickets < 1:
            raise ValueError("an entry has at least one ticket")
        # f"{ref}:{t}" as UTF-8, the ref encoded once per entry. The first ticket is outside the
        # loop so that two thirds of the loop's work (no comparison with "nothing yet") goes.
        ref_bytes = ref.encode()
        inside = inner_copy()
        inside.update(ref_bytes + b":1")
        mac = outer_copy()
        mac.update(inside.digest())
        best = mac.digest()
        for t in range(2, tickets + 1):
            inside = inner_copy()
            inside.update(ref_bytes + b":%d" % t)
            mac = outer_copy()
            mac.update(inside.digest())
            digest = mac.digest()
            if digest < best:
                best = digest
        return best

    return smallest


def lottery_number(key: bytes, ref: str, tickets: int) -> str:
    """The smallest HMAC-SHA256(key, f"{ref}:{t}") for t = 1..tickets, as lowercase hex.

    The smallest of several draws: an entry with 3 tickets against one with 1 comes first
    three times in four, as if drawing tickets from a hat.
    """
    return _ticket_hasher(key)(ref, tickets).hex()


def draw(snapshot: Mapping[str, Any], seed: bytes, public_value: str) -> DrawResult:
    """Order, allocation (random serial dictatorship) and reserves for a well-formed snapshot.

    Raises ValueError for a malformed snapshot. The public value is used as given: checking it
    against the round's format is the caller's job (`public_value_problems`).
    """
    if _certainly_well_formed(snapshot):
        snapshot_bytes = _well_formed_snapshot_bytes(snapshot)
    else:
        problems = _snapshot_problems(snapshot)
        if problems:
            raise ValueError("the snapshot is not well formed: " + "; ".join(problems))
        snapshot_bytes = canonical_bytes(snapshot)
    snapshot_hash = hashlib.sha256(snapshot_bytes).hexdigest()
    ticket_number = _ticket_hasher(draw_key(seed, snapshot_hash, public_value))
    entries = snapshot["entries"]
    numbers = [ticket_number(entry["ref"], entry["tickets"]) for entry in entries]
    # Sorted by (group, lottery_number, ref) as one bytes key per entry, compared in C: the group
    # as one byte (1-9), the raw 32-byte number (compares as its hex), then the ASCII ref (its
    # bytes compare in code-point order, like the string). Refs are unique, so no two keys are
    # equal. Sorting the indices by these keys is about twice as fast as sorting tuples.
    keys = [
        bytes((entry["group"],)) + number + entry["ref"].encode()
        for entry, number in zip(entries, numbers, strict=True)
    ]
    ranking = sorted(range(len(entries)), key=keys.__getitem__)
    drawn = [entries[index] for index in ranking]
    order = [
        {
            "position": position,
            "ref": entry["ref"],
            "group": entry["group"],
            "lottery_number": numbers[index].hex(),
        }
        for position, index, entry in zip(itertools.count(1), ranking, drawn)
    ]

    # Each entry takes its first preference that nobody before it took; dict lookups keep this
    # linear in the number of preferences, so a round of 100,000 entries draws in seconds.
    allocation: dict[str, str] = {}
    unplaced: list[dict[str, Any]] = []
    for entry in drawn:
        for preference in entry["preferences"]:
            if preference not in allocation:
                allocation[preference] = entry["ref"]
                break
        else:
            unplaced.append(entry)

    # A defaultdict keeps the order in which properties first get a reserve, as setdefault did,
    # without a new empty list for each of the (hundreds of thousands of) appends.
    reserves: defaultdict[str, list[str]] = defaultdict(list)
    for entry in unplaced:
        ref = entry["ref"]
        for preference in entry["preferences"]:
            reserves[preference].append(ref)
    return DrawResult(order=order, allocation=allocation, reserves=dict(reserves))


# --- The published record and its verification --------------------------------------------------


def build_record(
    *,
    round_slug: str,
    snapshot: Mapping[str, Any],
    seed: bytes,
    seed_commitment: str,
    public_value_format: Mapping[str, str],
    public_value: str,
    committed_at: str,
    window_closed_at: str,
    frozen_at: str,
    drawn_at: str,
) -> dict[str, Any]:
    """Draw and return the whole published record (section 4).

    Raises ValueError, listing the problems, when the inputs would give a record that fails
    verification (a seed that does not match its commitment, times out of order, a public value
    of the wrong form, ...): the portal never publishes a record its own verifier rejects.
    """
    if not isinstance(seed, bytes):
        raise TypeError("the seed must be bytes")
    if _certainly_well_formed(snapshot):
        # Its own copy, so that the record does not change with the caller's snapshot: only
        # the lists are mutable in a snapshot of plain str, int, list and dict, and copying
        # them is a fifth of the time deepcopy takes over 100,000 entries.
        own_copy = {
            **snapshot,
            "properties": list(snapshot["properties"]),
            "entries": [
                {**entry, "preferences": list(entry["preferences"])}
                for entry in snapshot["entries"]
            ],
        }
    else:
        problems = _snapshot_problems(snapshot)
        if problems:
            raise ValueError("the snapshot is not well formed: " + "; ".join(problems))
        own_copy = copy.deepcopy(dict(snapshot))
    record: dict[str, Any] = {
        "protocol": PROTOCOL,
        "round": round_slug,
        "snapshot": own_copy,
        "seed_commitment": seed_commitment,
        "public_value_format": dict(public_value_format),
        "commit_seed": seed.hex(),
        "public_value": public_value,
        "committed_at": committed_at,
        "window_closed_at": window_closed_at,
        "frozen_at": frozen_at,
        "drawn_at": drawn_at,
        "snapshot_sha256": snapshot_sha256(snapshot),
    }
    problems = _input_problems(record)
    if problems:
        raise ValueError("the draw would not verify: " + "; ".join(problems))
    result = draw(record["snapshot"], seed, public_value)
    record["order"] = result.order
    record["allocation"] = result.allocation
    record["reserves"] = result.reserves
    return record


def _parse_time(record: Mapping[str, Any], key: str, problems: list[str]) -> datetime | None:
    value = record[key]
    if not isinstance(value, str):
        problems.append(f"{key} is not a string")
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        problems.append(f"{key} {_show(value)} is not an ISO 8601 time")
        return None
    # Without an offset the moment is ambiguous, and the order of the steps cannot be checked.
    if moment.utcoffset() is None:
        problems.append(f"{key} {_show(value)} has no offset")
        return None
    return moment


def _time_problems(record: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    moments = [_parse_time(record, key, problems) for key in TIME_KEYS if key in record]
    parsed = [moment for moment in moments if moment is not None]
    if len(parsed) == len(TIME_KEYS):
        committed, closed, frozen, drawn = parsed
        if not committed < closed:
            problems.append("committed_at is not before window_closed_at")
        if not closed <= frozen:
            problems.append("window_closed_at is after frozen_at")
        if not frozen < drawn:
            problems.append("frozen_at is not before drawn_at")
    return problems


def _seed_bytes(record: Mapping[str, Any]) -> bytes | None:
    value = record.get("commit_seed")
    if isinstance(value, str) and _SEED_HEX.fullmatch(value):
        return bytes.fromhex(value)
    return None


def _input_problems(record: dict[str, Any]) -> list[str]:
    """Every check of section 5 that does not need the draw itself, on the keys present."""
    problems = []
    if "protocol" in record and record["protocol"] != PROTOCOL:
        problems.append(f"the record's protocol is {_show(record['protocol'])}, not {PROTOCOL}")

    snapshot = record.get("snapshot")
    if "snapshot" in record:
        problems += [f"snapshot: {problem}" for problem in validate_snapshot(snapshot)]
        if isinstance(snapshot, dict):
            if "round" in record and "round" in snapshot and record["round"] != snapshot["round"]:
                problems.append("the record's round is not the snapshot's round")
            if "protocol" in record and snapshot.get("protocol") != record["protocol"]:
                problems.append("the record's protocol is not the snapshot's protocol")
        if "snapshot_sha256" in record:
            try:
                matches = snapshot_sha256(snapshot) == record["snapshot_sha256"]
            except (TypeError, ValueError, RecursionError):
                matches = False
            if not matches:
                problems.append(
                    "snapshot_sha256 is not the SHA-256 of the snapshot's canonical bytes"
                )

    if "commit_seed" in record:
        seed = _seed_bytes(record)
        if seed is None:
            problems.append("commit_seed is not 32 bytes written as 64 lowercase hex digits")
        elif "seed_commitment" in record and seed_commitment(seed) != record["seed_commitment"]:
            problems.append("sha256(commit_seed) does not equal seed_commitment")

    pattern = None
    if "public_value_format" in record:
        value_format = record["public_value_format"]
        if not isinstance(value_format, dict):
            problems.append("public_value_format is not a JSON object")
        else:
            problems += _key_problems(value_format, FORMAT_KEYS, "public_value_format")
            if not isinstance(value_format.get("description", ""), str):
                problems.append("the description of the public value is not a string")
            pattern = value_format.get("pattern")
    if "public_value" in record and pattern is not None:
        problems += public_value_problems(record["public_value"], pattern)
    elif "public_value" in record:
        # Without a pattern the other checks of the value still apply.
        problems += public_value_problems(record["public_value"], "(?s).*")

    problems += _time_problems(record)
    return problems


def _same_json(a: Any, b: Any) -> bool:
    # Compared as canonical JSON, not with ==: in Python True == 1 == 1.0, but a record that
    # says `"position": true` is not the record the protocol produces.
    try:
        return canonical_bytes(a) == canonical_bytes(b)
    except (TypeError, ValueError, RecursionError):
        return False


def _result_problems(record: Mapping[str, Any], result: DrawResult) -> list[str]:
    problems = []
    order = record.get("order")
    if "order" in record and not _same_json(order, result.order):
        if not isinstance(order, list):
            problems.append("order is not a list")
        elif len(order) != len(result.order):
            problems.append(
                f"order has {len(order)} entries; the recomputed order has {len(result.order)}"
            )
        else:
            first = next(
                i
                for i, (a, b) in enumerate(zip(order, result.order, strict=True))
                if not _same_json(a, b)
            )
            problems.append(
                f"order differs from the recomputed order from position {first + 1}: the record "
                f"has {_show(order[first])}, the draw gives {_show(result.order[first])}"
            )
    for key, expected in (("allocation", result.allocation), ("reserves", result.reserves)):
        given = record.get(key)
        if key not in record or _same_json(given, expected):
            continue
        if not isinstance(given, dict):
            problems.append(f"{key} is not a JSON object")
            continue
        names = sorted({*given, *expected}, key=repr)
        differing = [name for name in names if not _same_json(given.get(name), expected.get(name))]
        problems += _listed(
            [
                f"{key} of {_show(name)} differs from the recomputed draw: the record has "
                f"{_show(given.get(name))}, the draw gives {_show(expected.get(name))}"
                for name in differing
            ]
        )
    return problems


def verify_record(record: Any) -> list[str]:
    """Every check of section 5 on a published record; an empty list means it verifies.

    Never raises on malformed input: a record from anywhere gets a list of problems in plain
    English. Keys the protocol does not name are ignored, since an annulled record stays
    published with its mark.
    """
    if not isinstance(record, dict):
        return ["the record is not a JSON object"]
    try:
        problems = [f"the record has no {key!r}" for key in RECORD_KEYS if key not in record]
        problems += _input_problems(record)
        seed = _seed_bytes(record)
        snapshot = record.get("snapshot")
        public_value = record.get("public_value")
        if (
            seed is not None
            and _is_text(public_value)
            and isinstance(snapshot, dict)
            and not validate_snapshot(snapshot)
        ):
            result = draw(snapshot, seed, public_value)
            problems += _result_problems(record, result)
        else:
            problems.append(
                "order, allocation and reserves cannot be recomputed without a well-formed "
                "snapshot, commit_seed and public_value"
            )
    except Exception as error:
        # A verifier that crashes tells an outsider nothing; one more problem line does.
        return [f"the record could not be checked: {error!r}"]
    return problems
