"""Plan assessment as pure rules: weighted scores, each home's ranking and deferred acceptance.

In a round sold by plan assessment, jurors score each applicant's renovation plan for each home
the applicant prefers, per criterion. Each home ranks the applicants that listed it by weighted
score, ties broken by the round's lottery order; applicants below the round's minimum score are
not acceptable to that home. Homes are then allocated by applicant-proposing deferred acceptance
(Gale-Shapley) over the applicants' ranked preferences.

Why deferred acceptance: its outcome is stable (no applicant and home would both rather have
each other than what they got) and it is the best stable outcome for every applicant at once;
listing one's true preferences is an applicant's best strategy. With the lottery order as every
home's ranking it gives exactly the lottery's random serial dictatorship of LOTTERY.md, section 3
(`applications.lottery.protocol.draw`), and the reserves here mirror the reserves there.

Nothing here imports Django; the services pass plain values in and act on the answers.
"""

import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

SCALE = 10
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Criterion:
    """One assessment criterion: its key, its weight (> 0) and the jurors' maximum score (>= 1)."""

    key: str
    weight: Decimal
    max_score: int

    def __post_init__(self) -> None:
        if isinstance(self.weight, bool) or not isinstance(self.weight, Decimal | int):
            raise TypeError(f"the weight of criterion {self.key!r} must be a Decimal")
        weight = Decimal(self.weight)
        if not weight.is_finite() or weight <= 0:
            raise ValueError(f"the weight of criterion {self.key!r} must be positive")
        if isinstance(self.max_score, bool) or not isinstance(self.max_score, int):
            raise TypeError(f"the maximum score of criterion {self.key!r} must be an integer")
        if self.max_score < 1:
            raise ValueError(f"the maximum score of criterion {self.key!r} must be at least 1")
        object.__setattr__(self, "weight", weight)


@dataclass(frozen=True)
class Candidate:
    """One applicant in the assessment: its ref and its ranked home refs, best first."""

    ref: str
    preferences: tuple[str, ...]

    def __post_init__(self) -> None:
        if isinstance(self.preferences, str):
            raise TypeError("preferences must be a sequence of home refs, not one string")
        preferences = tuple(self.preferences)
        if len(set(preferences)) != len(preferences):
            raise ValueError(f"the preferences of {self.ref!r} are not unique")
        object.__setattr__(self, "preferences", preferences)


@dataclass(frozen=True)
class AssessmentOutcome:
    """Scores per (candidate ref, home), each home's ranking, the allocation and the reserves.

    `rankings` has every home, possibly with an empty list; `allocation` leaves out unallocated
    homes and `reserves` homes without reserve candidates, as the lottery's record does.
    """

    scores: dict[tuple[str, str], Decimal]
    rankings: dict[str, list[str]]
    allocation: dict[str, str]
    reserves: dict[str, list[str]]


# --- Scores -------------------------------------------------------------------------------------


def _half_up(value: Fraction) -> Decimal:
    """An exact non-negative fraction rounded once to 2 decimals, halves up."""
    cents = math.floor(value * 100 + Fraction(1, 2))
    return Decimal(cents).scaleb(-2).quantize(TWO_PLACES)


def weighted_score(criteria: Sequence[Criterion], scores: Mapping[str, Sequence[int]]) -> Decimal:
    """The weighted score of one plan, from 0.00 to 10.00.

    For each criterion c with weight w_c and maximum m_c, the jurors' scores s_1..s_n (integers
    from 0 to m_c) give the scaled criterion score

        S_c = (s_1 + ... + s_n) / n / m_c * 10        (the mean, scaled to 0..10)

    and the plan's score is the weighted mean over the criteria

        score = (w_1 * S_1 + ... + w_k * S_k) / (w_1 + ... + w_k)

    computed exactly (as fractions) and rounded once to 2 decimals, halves up (ROUND_HALF_UP).
    Example: weights 2 and 1, maxima 5 and 10, scores [4, 5] and [6, 7, 7] give S = 9 and
    6.666..., so (2 * 9 + 6.666...) / 3 = 8.222... = 8.22.

    Raises ValueError when there are no criteria, a key appears twice among them, a criterion
    has no scores or an empty list, a key in `scores` is not a criterion, or a score is not an
    integer from 0 to the criterion's maximum.
    """
    if not criteria:
        raise ValueError("there are no criteria")
    keys = [criterion.key for criterion in criteria]
    if len(set(keys)) != len(keys):
        raise ValueError("the criteria's keys are not unique")
    unknown = sorted(set(scores) - set(keys), key=repr)
    if unknown:
        raise ValueError(f"scores for unknown criteria: {', '.join(map(repr, unknown))}")

    total = Fraction(0)
    total_weight = Fraction(0)
    for criterion in criteria:
        if criterion.key not in scores:
            raise ValueError(f"criterion {criterion.key!r} has no scores")
        given = scores[criterion.key]
        if isinstance(given, str | bytes) or not given:
            raise ValueError(f"criterion {criterion.key!r} has no scores")
        for score in given:
            if isinstance(score, bool) or not isinstance(score, int):
                raise ValueError(f"score {score!r} for {criterion.key!r} is not an integer")
            if not 0 <= score <= criterion.max_score:
                raise ValueError(
                    f"score {score} for {criterion.key!r} is not from 0 to {criterion.max_score}"
                )
        scaled = Fraction(sum(given), len(given) * criterion.max_score) * SCALE
        weight = Fraction(criterion.weight)
        total += weight * scaled
        total_weight += weight
    return _half_up(total / total_weight)


# --- Rankings and deferred acceptance -----------------------------------------------------------


def _check_score(value: object, what: str) -> None:
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} must be a Decimal, not {value!r}")


def _unique_refs(candidates: Iterable[Candidate]) -> dict[str, Candidate]:
    by_ref: dict[str, Candidate] = {}
    for candidate in candidates:
        if candidate.ref in by_ref:
            raise ValueError(f"candidate {candidate.ref!r} appears twice")
        by_ref[candidate.ref] = candidate
    return by_ref


def _check_lottery_positions(refs: Iterable[str], lottery_position: Mapping[str, int]) -> None:
    seen: dict[int, str] = {}
    for ref in refs:
        if ref not in lottery_position:
            raise ValueError(f"candidate {ref!r} has no lottery position")
        position = lottery_position[ref]
        if isinstance(position, bool) or not isinstance(position, int):
            raise ValueError(f"the lottery position of {ref!r} is not an integer")
        if position in seen:
            raise ValueError(
                f"candidates {seen[position]!r} and {ref!r} share lottery position {position}"
            )
        seen[position] = ref


def home_ranking(
    home: str,
    candidates: Sequence[Candidate],
    scores: Mapping[tuple[str, str], Decimal],
    lottery_position: Mapping[str, int],
    min_score: Decimal,
) -> list[str]:
    """The refs acceptable to a home, best first.

    Acceptable: the candidate listed the home and its score for it is at least `min_score`.
    Order: score descending, then lottery position ascending. Raises ValueError when a candidate
    has no lottery position (or shares one), or a candidate that listed the home has no score.
    """
    _check_score(min_score, "the minimum score")
    by_ref = _unique_refs(candidates)
    _check_lottery_positions(by_ref, lottery_position)
    acceptable = []
    for ref, candidate in by_ref.items():
        if home not in candidate.preferences:
            continue
        if (ref, home) not in scores:
            raise ValueError(f"the plan of {ref!r} for {home!r} has no score")
        score = scores[(ref, home)]
        _check_score(score, f"the score of {ref!r} for {home!r}")
        if score >= min_score:
            acceptable.append((-score, lottery_position[ref], ref))
    return [ref for _score, _position, ref in sorted(acceptable)]


def deferred_acceptance(
    candidates: Sequence[Candidate], rankings: Mapping[str, Sequence[str]]
) -> dict[str, str]:
    """Applicant-proposing deferred acceptance (Gale-Shapley): home -> ref.

    Each free candidate proposes to the next home in its preferences; a home holds the best
    proposer by its ranking and rejects the rest, and a candidate not in the home's ranking (or
    a home without a ranking) is rejected at once. It ends when every candidate is held or has
    run out of preferences. Free candidates propose in order of ref, which makes the run
    deterministic; the outcome, the applicant-optimal stable matching, does not depend on it.
    Unallocated homes are absent. Raises ValueError for duplicate candidates, a ranking that
    names a candidate twice, or a ranking that names an unknown candidate.
    """
    by_ref = _unique_refs(candidates)
    rank: dict[str, dict[str, int]] = {}
    for home, ranking in rankings.items():
        if isinstance(ranking, str):
            raise TypeError(f"the ranking of {home!r} must be a sequence of refs, not one string")
        order = {ref: index for index, ref in enumerate(ranking)}
        if len(order) != len(ranking):
            raise ValueError(f"the ranking of {home!r} names a candidate twice")
        unknown = sorted(set(order) - by_ref.keys())
        if unknown:
            raise ValueError(f"the ranking of {home!r} names unknown candidates: {unknown}")
        rank[home] = order

    held: dict[str, str] = {}
    next_choice = dict.fromkeys(by_ref, 0)
    free = sorted(by_ref)
    heapq.heapify(free)
    while free:
        ref = heapq.heappop(free)
        preferences = by_ref[ref].preferences
        while next_choice[ref] < len(preferences):
            home = preferences[next_choice[ref]]
            next_choice[ref] += 1
            order = rank.get(home, {})
            if ref not in order:
                continue
            current = held.get(home)
            if current is not None and order[current] < order[ref]:
                continue
            held[home] = ref
            if current is not None:
                heapq.heappush(free, current)
            break
    return {home: held[home] for home in sorted(held)}


def is_stable(
    candidates: Sequence[Candidate],
    rankings: Mapping[str, Sequence[str]],
    allocation: Mapping[str, str],
) -> bool:
    """Whether an allocation (home -> ref) is a stable matching.

    False when a candidate holds two homes, a pair of the allocation is not mutually acceptable
    (the home is not in the candidate's preferences or the candidate not in the home's ranking),
    or there is a blocking pair: a candidate c and a home h such that c prefers h to its match
    (or is unmatched), c is in h's ranking, and h is unmatched or ranks c above its match.
    """
    by_ref = {candidate.ref: candidate for candidate in candidates}
    match: dict[str, str] = {}
    for home, ref in allocation.items():
        if ref in match or ref not in by_ref:
            return False
        if home not in by_ref[ref].preferences or ref not in rankings.get(home, ()):
            return False
        match[ref] = home
    for ref, candidate in by_ref.items():
        for home in candidate.preferences:
            if match.get(ref) == home:
                break  # every later home is one the candidate likes less than its match
            ranking = list(rankings.get(home, ()))
            if ref not in ranking:
                continue
            holder = allocation.get(home)
            if holder is None or ranking.index(ref) < ranking.index(holder):
                return False
    return True


# --- The whole outcome --------------------------------------------------------------------------


def assessment_outcome(
    candidates: Sequence[Candidate],
    homes: Sequence[str],
    criteria: Sequence[Criterion],
    scores_by_pair: Mapping[tuple[str, str], Mapping[str, Sequence[int]]],
    lottery_position: Mapping[str, int],
    min_score: Decimal,
) -> AssessmentOutcome:
    """Scores, rankings, allocation and reserves of a round sold by plan assessment.

    Every pair (candidate ref, home) of a candidate's preferences must be scored: a pair without
    scores is a ValueError naming it, as is a score for a pair that no candidate listed, a
    preference for a home not in `homes`, or a candidate without a lottery position. Reserves:
    for each home, the candidates acceptable to it (score >= min_score) that received nothing,
    in the home's ranking order; homes without reserves are absent (LOTTERY.md, section 3).
    """
    _check_score(min_score, "the minimum score")
    if isinstance(homes, str):
        raise TypeError("homes must be a sequence of home refs, not one string")
    if len(set(homes)) != len(homes):
        raise ValueError("homes are not unique")
    by_ref = _unique_refs(candidates)
    _check_lottery_positions(sorted(by_ref), lottery_position)
    known = set(homes)
    pairs = []
    for ref in sorted(by_ref):
        for home in by_ref[ref].preferences:
            if home not in known:
                raise ValueError(f"candidate {ref!r} prefers {home!r}, which is not in the round")
            pairs.append((ref, home))
    unlisted = sorted(set(scores_by_pair) - set(pairs))
    if unlisted:
        raise ValueError(f"scores for pairs that no candidate listed: {unlisted}")

    scores: dict[tuple[str, str], Decimal] = {}
    for pair in pairs:
        given = scores_by_pair.get(pair)
        if not given or not any(given.values()):
            raise ValueError(f"the plan of {pair[0]!r} for {pair[1]!r} has no scores")
        try:
            scores[pair] = weighted_score(criteria, given)
        except ValueError as error:
            raise ValueError(f"the plan of {pair[0]!r} for {pair[1]!r}: {error}") from error

    ordered = [by_ref[ref] for ref in sorted(by_ref)]
    rankings = {
        home: home_ranking(home, ordered, scores, lottery_position, min_score) for home in homes
    }
    allocation = deferred_acceptance(ordered, rankings)
    placed = set(allocation.values())
    reserves = {}
    for home in homes:
        waiting = [ref for ref in rankings[home] if ref not in placed]
        if waiting:
            reserves[home] = waiting
    return AssessmentOutcome(
        scores=scores, rankings=rankings, allocation=allocation, reserves=reserves
    )
