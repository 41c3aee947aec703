"""Plan assessment rules: weighted scores, rankings, deferred acceptance and reserves.

No database: the rules are plain Python. With equal scores for everyone the assessment must give
exactly the lottery protocol's serial dictatorship, which is checked against the protocol itself.
"""

import itertools
import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from applications.assessment_rules import (
    AssessmentOutcome,
    Candidate,
    Criterion,
    assessment_outcome,
    deferred_acceptance,
    home_ranking,
    is_stable,
    weighted_score,
)
from applications.lottery import protocol

PLAN = Criterion("plan", Decimal(1), 10)


def plan_scores(*scores: int) -> dict[str, list[int]]:
    return {"plan": list(scores)}


# --- Weighted scores ----------------------------------------------------------------------------


def test_one_criterion_with_one_juror_is_the_score_scaled_to_ten():
    assert weighted_score([Criterion("plan", Decimal(1), 5)], {"plan": [4]}) == Decimal("8.00")


def test_the_jurors_scores_are_averaged_before_scaling():
    assert weighted_score([Criterion("plan", Decimal(1), 4)], {"plan": [1, 2, 4]}) == Decimal(
        "5.83"
    )


def test_criteria_are_combined_as_a_weighted_mean_of_their_scaled_scores():
    criteria = [Criterion("plan", Decimal(2), 5), Criterion("budget", Decimal(1), 10)]
    # plan: mean 4.5 of 5 = 9.0; budget: mean 20/3 of 10 = 6.666...; (2 * 9 + 6.666...) / 3.
    score = weighted_score(criteria, {"plan": [4, 5], "budget": [6, 7, 7]})
    assert score == Decimal("8.22")


def test_the_weights_change_the_outcome_and_only_their_ratio_matters():
    scores = {"plan": [10], "budget": [0]}
    light = [Criterion("plan", Decimal(1), 10), Criterion("budget", Decimal(3), 10)]
    heavy = [Criterion("plan", Decimal(3), 10), Criterion("budget", Decimal(1), 10)]
    scaled = [Criterion("plan", Decimal("0.3"), 10), Criterion("budget", Decimal("0.1"), 10)]
    assert weighted_score(light, scores) == Decimal("2.50")
    assert weighted_score(heavy, scores) == Decimal("7.50")
    assert weighted_score(scaled, scores) == Decimal("7.50")


def test_the_score_runs_from_zero_to_ten_with_two_decimals():
    criteria = [Criterion("plan", Decimal(1), 3), Criterion("budget", Decimal(2), 7)]
    assert weighted_score(criteria, {"plan": [0], "budget": [0, 0]}) == Decimal("0.00")
    best = weighted_score(criteria, {"plan": [3, 3], "budget": [7]})
    assert best == Decimal("10.00")
    assert str(best) == "10.00"


def test_a_half_cent_is_rounded_up():
    # (1 + 0) / 2 of 8 = 0.625 exactly: half up gives 0.63 where banker's rounding gives 0.62.
    assert weighted_score([Criterion("plan", Decimal(1), 8)], {"plan": [1, 0]}) == Decimal("0.63")


def test_the_score_is_computed_exactly_and_rounded_once():
    # plan: 0; budget: mean 7/3 of 4 = 5.8333...; (0.5 * 0 + 1.5 * 5.8333...) / 2 = 4.375 exactly.
    # Step-by-step Decimal arithmetic gets 4.37499... there and would round down to 4.37.
    criteria = [Criterion("plan", Decimal("0.5"), 6), Criterion("budget", Decimal("1.5"), 4)]
    assert weighted_score(criteria, {"plan": [0, 0], "budget": [2, 3, 2]}) == Decimal("4.38")


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"plan": [5]}, "'budget' has no scores"),
        ({"plan": [5], "budget": []}, "'budget' has no scores"),
        ({"plan": [5], "budget": [11]}, "not from 0 to 10"),
        ({"plan": [-1], "budget": [3]}, "not from 0 to 5"),
        ({"plan": [6], "budget": [3]}, "not from 0 to 5"),
        ({"plan": [5], "budget": [3.5]}, "not an integer"),
        ({"plan": [True], "budget": [3]}, "not an integer"),
        ({"plan": [5], "budget": [3], "looks": [2]}, "unknown criteria: 'looks'"),
    ],
)
def test_missing_empty_or_out_of_range_scores_are_refused(scores, message):
    criteria = [Criterion("plan", Decimal(1), 5), Criterion("budget", Decimal(1), 10)]
    with pytest.raises(ValueError, match=message):
        weighted_score(criteria, scores)


def test_there_must_be_criteria_with_unique_keys():
    with pytest.raises(ValueError, match="no criteria"):
        weighted_score([], {})
    with pytest.raises(ValueError, match="not unique"):
        weighted_score([PLAN, PLAN], plan_scores(5))


@pytest.mark.parametrize(
    ("weight", "max_score", "error"),
    [
        (Decimal(0), 10, ValueError),
        (Decimal(-1), 10, ValueError),
        (Decimal("NaN"), 10, ValueError),
        (Decimal(1), 0, ValueError),
        (0.5, 10, TypeError),
        (Decimal(1), 2.0, TypeError),
    ],
)
def test_a_criterion_needs_a_positive_decimal_weight_and_a_maximum_of_at_least_one(
    weight, max_score, error
):
    with pytest.raises(error):
        Criterion("plan", weight, max_score)


# --- Rankings -----------------------------------------------------------------------------------


def test_a_home_ranks_by_score_then_by_lottery_position():
    candidates = [Candidate(ref, ("H1",)) for ref in ("A", "B", "C", "D")]
    scores = {
        ("A", "H1"): Decimal("7.00"),
        ("B", "H1"): Decimal("9.50"),
        ("C", "H1"): Decimal("7.00"),
        ("D", "H1"): Decimal("2.00"),
    }
    positions = {"A": 3, "B": 4, "C": 1, "D": 2}
    ranking = home_ranking("H1", candidates, scores, positions, Decimal(0))
    assert ranking == ["B", "C", "A", "D"]


def test_a_home_ranks_only_those_who_listed_it_and_reach_the_minimum():
    candidates = [Candidate("A", ("H1",)), Candidate("B", ("H2",)), Candidate("C", ("H1",))]
    scores = {
        ("A", "H1"): Decimal("5.99"),
        ("B", "H2"): Decimal("9.00"),
        ("C", "H1"): Decimal("6.00"),
    }
    positions = {"A": 1, "B": 2, "C": 3}
    assert home_ranking("H1", candidates, scores, positions, Decimal(6)) == ["C"]


def test_a_candidate_without_a_lottery_position_is_an_error():
    candidates = [Candidate("A", ("H1",)), Candidate("B", ("H1",))]
    scores = {("A", "H1"): Decimal(5), ("B", "H1"): Decimal(5)}
    with pytest.raises(ValueError, match="'B' has no lottery position"):
        home_ranking("H1", candidates, scores, {"A": 1}, Decimal(0))


def test_two_candidates_cannot_share_a_lottery_position():
    candidates = [Candidate("A", ("H1",)), Candidate("B", ("H1",))]
    scores = {("A", "H1"): Decimal(5), ("B", "H1"): Decimal(5)}
    with pytest.raises(ValueError, match="share lottery position 1"):
        home_ranking("H1", candidates, scores, {"A": 1, "B": 1}, Decimal(0))


# --- Deferred acceptance ------------------------------------------------------------------------


def test_a_higher_score_wins_the_home():
    candidates = [Candidate("A", ("H1",)), Candidate("B", ("H1",))]
    assert deferred_acceptance(candidates, {"H1": ["B", "A"]}) == {"H1": "B"}


def test_a_candidate_is_rejected_at_once_by_a_home_that_does_not_rank_it():
    candidates = [Candidate("A", ("H1", "H2")), Candidate("B", ("H2",))]
    rankings = {"H1": [], "H2": ["A", "B"]}
    assert deferred_acceptance(candidates, rankings) == {"H2": "A"}
    assert deferred_acceptance(candidates, {"H2": ["B"]}) == {"H2": "B"}


def test_a_ranking_must_name_known_candidates_once():
    candidates = [Candidate("A", ("H1",))]
    with pytest.raises(ValueError, match="twice"):
        deferred_acceptance(candidates, {"H1": ["A", "A"]})
    with pytest.raises(ValueError, match="unknown candidates"):
        deferred_acceptance(candidates, {"H1": ["A", "Z"]})
    with pytest.raises(ValueError, match="appears twice"):
        deferred_acceptance([*candidates, *candidates], {"H1": ["A"]})


def test_preferences_must_be_unique_home_refs():
    with pytest.raises(ValueError, match="not unique"):
        Candidate("A", ("H1", "H1"))
    with pytest.raises(TypeError):
        Candidate("A", "H1")


# A worked example where the assessment and the lottery differ. Lottery order: A, B, C.
#   A prefers H1, H2; B prefers H2, H1; C prefers H1 only.
#   H1's plans: C 9.00 > A 7.00 > B 5.00.   H2's plans: A 8.00 > B 6.00.
# Serial dictatorship by the lottery: A takes H1, B takes H2, C gets nothing.
# Deferred acceptance: A proposes to H1 and B to H2 (both held); C proposes to H1, which drops A
# for C; A proposes to H2, which drops B for A; B proposes to H1, which keeps C. So H1 goes to C,
# H2 to A, and B is the reserve of both homes.
WORKED_CANDIDATES = [
    Candidate("A", ("H1", "H2")),
    Candidate("B", ("H2", "H1")),
    Candidate("C", ("H1",)),
]
WORKED_SCORES = {
    ("A", "H1"): plan_scores(7),
    ("A", "H2"): plan_scores(8),
    ("B", "H2"): plan_scores(6),
    ("B", "H1"): plan_scores(5),
    ("C", "H1"): plan_scores(9),
}
WORKED_POSITIONS = {"A": 1, "B": 2, "C": 3}


def worked_outcome(min_score=Decimal(0)) -> AssessmentOutcome:
    return assessment_outcome(
        WORKED_CANDIDATES, ["H1", "H2"], [PLAN], WORKED_SCORES, WORKED_POSITIONS, min_score
    )


def test_deferred_acceptance_gives_the_best_plan_the_home_where_the_lottery_would_not():
    # Serial dictatorship in the lottery order A, B, C, as LOTTERY.md section 3 walks it.
    taken: dict[str, str] = {}
    for candidate in WORKED_CANDIDATES:
        home = next((p for p in candidate.preferences if p not in taken), None)
        if home is not None:
            taken[home] = candidate.ref
    assert taken == {"H1": "A", "H2": "B"}

    outcome = worked_outcome()
    assert outcome.scores == {
        ("A", "H1"): Decimal("7.00"),
        ("A", "H2"): Decimal("8.00"),
        ("B", "H1"): Decimal("5.00"),
        ("B", "H2"): Decimal("6.00"),
        ("C", "H1"): Decimal("9.00"),
    }
    assert outcome.rankings == {"H1": ["C", "A", "B"], "H2": ["A", "B"]}
    assert outcome.allocation == {"H1": "C", "H2": "A"}
    assert outcome.reserves == {"H1": ["B"], "H2": ["B"]}
    assert is_stable(WORKED_CANDIDATES, outcome.rankings, outcome.allocation)
    assert not is_stable(WORKED_CANDIDATES, outcome.rankings, taken)  # C and H1 block it


def test_below_the_minimum_a_candidate_never_gets_that_home_and_is_no_reserve_for_it():
    # With a minimum of 6, B (5.00) is not acceptable to H1 and C (9.00) still is.
    outcome = worked_outcome(min_score=Decimal(6))
    assert outcome.rankings == {"H1": ["C", "A"], "H2": ["A", "B"]}
    assert outcome.allocation == {"H1": "C", "H2": "A"}
    assert outcome.reserves == {"H2": ["B"]}

    # With a minimum of 8, only A for H2 and C for H1 are acceptable; B has no home and no
    # reserve place, and H2 still goes to A.
    outcome = worked_outcome(min_score=Decimal(8))
    assert outcome.rankings == {"H1": ["C"], "H2": ["A"]}
    assert outcome.allocation == {"H1": "C", "H2": "A"}
    assert outcome.reserves == {}


def test_a_score_equal_to_the_minimum_is_enough():
    outcome = worked_outcome(min_score=Decimal("9.00"))
    assert outcome.allocation == {"H1": "C"}
    assert outcome.reserves == {}


def test_a_home_nobody_can_have_is_absent_from_allocation_and_reserves():
    outcome = assessment_outcome(
        WORKED_CANDIDATES, ["H1", "H2", "H3"], [PLAN], WORKED_SCORES, WORKED_POSITIONS, Decimal(0)
    )
    assert outcome.rankings["H3"] == []
    assert "H3" not in outcome.allocation
    assert "H3" not in outcome.reserves


def test_equal_scores_are_broken_by_the_lottery_position():
    candidates = [Candidate("A", ("H1",)), Candidate("B", ("H1",)), Candidate("C", ("H1",))]
    scores = {(c.ref, "H1"): plan_scores(6, 7) for c in candidates}
    outcome = assessment_outcome(
        candidates, ["H1"], [PLAN], scores, {"A": 2, "B": 3, "C": 1}, Decimal(0)
    )
    assert outcome.rankings == {"H1": ["C", "A", "B"]}
    assert outcome.allocation == {"H1": "C"}
    assert outcome.reserves == {"H1": ["A", "B"]}


def test_an_unscored_plan_is_an_error_naming_the_pair():
    scores = {pair: value for pair, value in WORKED_SCORES.items() if pair != ("B", "H1")}
    with pytest.raises(ValueError, match="'B' for 'H1' has no scores"):
        assessment_outcome(
            WORKED_CANDIDATES, ["H1", "H2"], [PLAN], scores, WORKED_POSITIONS, Decimal(0)
        )
    scores[("B", "H1")] = {"plan": []}
    with pytest.raises(ValueError, match="'B' for 'H1' has no scores"):
        assessment_outcome(
            WORKED_CANDIDATES, ["H1", "H2"], [PLAN], scores, WORKED_POSITIONS, Decimal(0)
        )


def test_a_broken_score_names_the_pair_and_the_problem():
    scores = {**WORKED_SCORES, ("B", "H1"): plan_scores(12)}
    with pytest.raises(ValueError, match="'B' for 'H1': score 12"):
        assessment_outcome(
            WORKED_CANDIDATES, ["H1", "H2"], [PLAN], scores, WORKED_POSITIONS, Decimal(0)
        )


def test_scores_for_unlisted_pairs_and_preferences_outside_the_round_are_errors():
    scores = {**WORKED_SCORES, ("C", "H2"): plan_scores(5)}
    with pytest.raises(ValueError, match="no candidate listed"):
        assessment_outcome(
            WORKED_CANDIDATES, ["H1", "H2"], [PLAN], scores, WORKED_POSITIONS, Decimal(0)
        )
    with pytest.raises(ValueError, match="not in the round"):
        assessment_outcome(
            WORKED_CANDIDATES, ["H1"], [PLAN], WORKED_SCORES, WORKED_POSITIONS, Decimal(0)
        )


def test_every_candidate_needs_a_lottery_position():
    with pytest.raises(ValueError, match="'C' has no lottery position"):
        assessment_outcome(
            WORKED_CANDIDATES, ["H1", "H2"], [PLAN], WORKED_SCORES, {"A": 1, "B": 2}, Decimal(0)
        )


def test_is_stable_refuses_a_pair_that_is_not_mutually_acceptable():
    candidates = [Candidate("A", ("H1",))]
    assert is_stable(candidates, {"H1": ["A"]}, {"H1": "A"})
    assert not is_stable(candidates, {"H1": []}, {"H1": "A"})
    assert not is_stable(candidates, {"H2": ["A"]}, {"H2": "A"})
    assert not is_stable(candidates, {"H1": ["A"]}, {})


# --- Properties on random rounds ----------------------------------------------------------------

PROPERTIES = settings(deadline=None, max_examples=200)

# Upper and lower case, digits and a hyphen: valid refs for the lottery protocol too.
refs = st.text(alphabet="AZaz09-", min_size=1, max_size=3)


@st.composite
def criteria_lists(draw):
    count = draw(st.integers(1, 3))
    return [
        Criterion(
            key=f"c{index}",
            weight=Decimal(draw(st.integers(1, 30))) / 10,
            max_score=draw(st.integers(1, 5)),
        )
        for index in range(count)
    ]


@st.composite
def assessment_rounds(draw, max_homes=8, max_candidates=15):
    """Candidates, homes, criteria, scores per pair, lottery positions and a minimum score."""
    homes = [f"H{i}" for i in range(1, draw(st.integers(1, max_homes)) + 1)]
    candidate_refs = draw(st.lists(refs, min_size=1, max_size=max_candidates, unique=True))
    candidates = [
        Candidate(
            ref,
            tuple(draw(st.lists(st.sampled_from(homes), min_size=1, max_size=5, unique=True))),
        )
        for ref in candidate_refs
    ]
    criteria = draw(criteria_lists())
    scores_by_pair = {
        (candidate.ref, home): {
            criterion.key: draw(
                st.lists(st.integers(0, criterion.max_score), min_size=1, max_size=3)
            )
            for criterion in criteria
        }
        for candidate in candidates
        for home in candidate.preferences
    }
    order = draw(st.permutations(candidate_refs))
    positions = {ref: position for position, ref in enumerate(order, start=1)}
    min_score = Decimal(draw(st.integers(0, 1000))) / 100
    return candidates, homes, criteria, scores_by_pair, positions, min_score


def beats(outcome, positions, home, challenger, holder):
    """Whether the home's jury rates challenger above holder: score, then lottery position."""
    return (-outcome.scores[(challenger, home)], positions[challenger]) < (
        -outcome.scores[(holder, home)],
        positions[holder],
    )


@PROPERTIES
@given(assessment=assessment_rounds())
def test_the_allocation_is_stable(assessment):
    candidates, positions, min_score = assessment[0], assessment[4], assessment[5]
    outcome = assessment_outcome(*assessment)
    assert is_stable(candidates, outcome.rankings, outcome.allocation)

    # The same check from the scores themselves, without the rankings or is_stable.
    home_of = {ref: home for home, ref in outcome.allocation.items()}
    for candidate in candidates:
        match = home_of.get(candidate.ref)
        better = candidate.preferences
        if match is not None:
            better = better[: better.index(match)]
        for home in better:
            if outcome.scores[(candidate.ref, home)] < min_score:
                continue  # the home would not have this candidate
            holder = outcome.allocation.get(home)
            assert holder is not None, f"{candidate.ref} and the empty {home} block"
            assert not beats(outcome, positions, home, candidate.ref, holder), (
                f"{candidate.ref} and {home} block: {home} prefers them to {holder}"
            )


@PROPERTIES
@given(assessment=assessment_rounds())
def test_nobody_gets_a_home_where_their_score_is_below_the_minimum(assessment):
    min_score = assessment[-1]
    outcome = assessment_outcome(*assessment)
    for home, ref in outcome.allocation.items():
        assert outcome.scores[(ref, home)] >= min_score
    for home, reserve in outcome.reserves.items():
        assert all(outcome.scores[(ref, home)] >= min_score for ref in reserve)


@PROPERTIES
@given(assessment=assessment_rounds())
def test_each_home_one_candidate_each_candidate_one_home_and_only_a_home_they_listed(assessment):
    candidates, homes = assessment[:2]
    outcome = assessment_outcome(*assessment)
    preferences = {c.ref: c.preferences for c in candidates}
    winners = list(outcome.allocation.values())
    assert len(winners) == len(set(winners))
    assert set(outcome.allocation) <= set(homes)
    for home, ref in outcome.allocation.items():
        assert home in preferences[ref]
    for home, reserve in outcome.reserves.items():
        assert reserve
        assert not set(reserve) & set(winners)
        assert all(home in preferences[ref] for ref in reserve)


@st.composite
def lottery_rounds(draw):
    """Protocol entries, a seed and a public value; and jurors' scores, the same for everyone."""
    homes = draw(st.lists(refs, min_size=1, max_size=8, unique=True))
    entry_refs = draw(st.lists(refs, min_size=1, max_size=15, unique=True))
    entries = [
        protocol.Entry(
            ref=ref,
            group=draw(st.integers(1, 3)),
            tickets=draw(st.integers(1, 4)),
            preferences=draw(st.lists(st.sampled_from(homes), min_size=1, max_size=5, unique=True)),
        )
        for ref in entry_refs
    ]
    seed = draw(st.binary(min_size=32, max_size=32))
    public_value = draw(st.text(alphabet="0123456789", min_size=1, max_size=6))
    criteria = draw(criteria_lists())
    same = {
        c.key: draw(st.lists(st.integers(0, c.max_score), min_size=1, max_size=3)) for c in criteria
    }
    return homes, entries, seed, public_value, criteria, same


@PROPERTIES
@given(lottery=lottery_rounds())
def test_with_equal_scores_the_assessment_is_the_lotterys_serial_dictatorship(lottery):
    homes, entries, seed, public_value, criteria, same = lottery
    snapshot = protocol.build_snapshot("ronde-1", homes, entries)
    drawn = protocol.draw(snapshot, seed, public_value)
    positions = {row["ref"]: row["position"] for row in drawn.order}

    candidates = [Candidate(entry.ref, entry.preferences) for entry in entries]
    scores_by_pair = {(c.ref, home): same for c in candidates for home in c.preferences}
    outcome = assessment_outcome(candidates, homes, criteria, scores_by_pair, positions, Decimal(0))
    assert outcome.allocation == drawn.allocation
    assert outcome.reserves == drawn.reserves


@PROPERTIES
@given(assessment=assessment_rounds(), shuffle=st.randoms(use_true_random=False))
def test_the_outcome_does_not_depend_on_the_order_candidates_are_supplied_in(assessment, shuffle):
    candidates, homes, criteria, scores_by_pair, positions, min_score = assessment
    outcome = assessment_outcome(*assessment)
    shuffled = list(candidates)
    shuffle.shuffle(shuffled)
    pairs = list(scores_by_pair.items())
    shuffle.shuffle(pairs)
    again = assessment_outcome(shuffled, homes, criteria, dict(pairs), positions, min_score)
    assert again == outcome
    assert deferred_acceptance(shuffled, outcome.rankings) == outcome.allocation


def proposing_in_random_order(candidates, rankings, pick: random.Random) -> dict[str, str]:
    """Deferred acceptance written out again, letting a random free candidate propose next."""
    preferences = {c.ref: list(c.preferences) for c in candidates}
    held: dict[str, str] = {}
    free = [c.ref for c in candidates]
    while free:
        ref = free.pop(pick.randrange(len(free)))
        while preferences[ref]:
            home = preferences[ref].pop(0)
            ranking = rankings[home]
            if ref not in ranking:
                continue
            holder = held.get(home)
            if holder is None or ranking.index(ref) < ranking.index(holder):
                held[home] = ref
                if holder is not None:
                    free.append(holder)
                break
    return held


@PROPERTIES
@given(assessment=assessment_rounds(), pick=st.randoms(use_true_random=False))
def test_the_order_in_which_free_candidates_propose_does_not_matter(assessment, pick):
    candidates = assessment[0]
    outcome = assessment_outcome(*assessment)
    assert proposing_in_random_order(candidates, outcome.rankings, pick) == outcome.allocation


def stable_matchings(candidates, rankings):
    """Every stable matching, by brute force over all matchings of acceptable pairs."""
    options = [
        [None, *(home for home in c.preferences if c.ref in rankings[home])] for c in candidates
    ]
    for choice in itertools.product(*options):
        homes = [home for home in choice if home is not None]
        if len(homes) != len(set(homes)):
            continue
        allocation = {
            home: c.ref for c, home in zip(candidates, choice, strict=True) if home is not None
        }
        if is_stable(candidates, rankings, allocation):
            yield allocation


@PROPERTIES
@given(assessment=assessment_rounds(max_homes=4, max_candidates=5))
def test_every_candidate_does_at_least_as_well_as_in_any_other_stable_matching(assessment):
    candidates = assessment[0]
    outcome = assessment_outcome(*assessment)
    home_of = {ref: home for home, ref in outcome.allocation.items()}

    def rank_of(candidate, allocation_home):
        if allocation_home is None:
            return len(candidate.preferences)
        return candidate.preferences.index(allocation_home)

    matchings = list(stable_matchings(candidates, outcome.rankings))
    assert outcome.allocation in matchings
    for other in matchings:
        other_home_of = {ref: home for home, ref in other.items()}
        for candidate in candidates:
            ours = rank_of(candidate, home_of.get(candidate.ref))
            theirs = rank_of(candidate, other_home_of.get(candidate.ref))
            assert ours <= theirs
