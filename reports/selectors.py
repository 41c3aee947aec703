"""The figures a project leader takes to the council, computed from the records themselves
(history, offers, contracts, obligations, evidence, tombstones), never from counters.

Every function runs a fixed number of queries, whatever the number of rounds, applications
or sales (tests/reports asserts the counts; bench/reports.py times them).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, ExtractYear
from django.utils import timezone

from aftercare import rules as aftercare_rules
from aftercare.models import Case as AftercareCase
from aftercare.models import (
    CompletionNotice,
    Evidence,
    Exemption,
    Obligation,
    PenaltyClaim,
    Resale,
)
from applications import rules as application_rules
from applications.models import Application, Offer, Preference
from applications.privacy import DRAFTS, UNSUCCESSFUL
from contracts import rules as contract_rules
from contracts.models import Contract
from klushuis.privacy.models import ErasureTombstone
from properties.models import AlertDelivery, Property, PropertyPhoto, SalesRound
from reports import rules

# The funnel's steps, in order: (key, the application statuses whose history row counts).
SUBMITTED_STATUSES = (application_rules.SUBMITTED,)
ELIGIBLE_STATUSES = (application_rules.ELIGIBLE,)
# Drawn or assessed: the selection placed the application (offered, reserve or not selected).
SELECTED_STATUSES = (
    application_rules.IN_DRAW,
    application_rules.OFFERED,
    application_rules.RESERVE,
    application_rules.NOT_SELECTED,
)
FUNNEL_STEPS = [
    "subscribers",
    "started",
    "submitted",
    "eligible",
    "selected",
    "offers",
    "acceptances",
    "agreements",
    "transfers",
]
# Contracts that reached both signatures (whatever happened to them afterwards).
SIGNED_STATUSES = (
    contract_rules.SIGNED_BY_SELLER,
    contract_rules.TRANSFERRED,
)


@dataclass(frozen=True)
class Scope:
    """Whose figures: one municipality or several (a bureau across its mandates), optionally
    only the rounds that opened in a period (everything else follows its round)."""

    municipality_ids: tuple
    start: date | None = None
    end: date | None = None

    def rounds(self, prefix: str = "") -> Q:
        """The filter on a model that reaches the round through `prefix` ("" for the round)."""
        q = Q(**{f"{prefix}municipality_id__in": self.municipality_ids})
        if self.start is not None:
            q &= Q(**{f"{prefix}opens_at__date__gte": self.start})
        if self.end is not None:
            q &= Q(**{f"{prefix}opens_at__date__lte": self.end})
        return q


@dataclass
class RoundFigures:
    pk: int
    name: str
    opens_at: object
    slug: str = ""
    subscribers: int = 0
    started: int = 0
    submitted: int = 0
    eligible: int = 0
    selected: int = 0
    offers: int = 0
    acceptances: int = 0
    agreements: int = 0
    transfers: int = 0
    days_to_transfer: list = field(default_factory=list)
    # What the tombstones of its removed applications add (already in the steps above).
    removed: dict = field(default_factory=dict)

    @property
    def funnel(self) -> list[tuple[str, int]]:
        return [(step, getattr(self, step)) for step in FUNNEL_STEPS]

    @property
    def median_days_to_transfer(self) -> int | None:
        return median(self.days_to_transfer)


def median(values) -> int | None:
    values = sorted(values)
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) // 2


def round_figures(scope: Scope) -> list[RoundFigures]:
    """Per round of the municipality the funnel and the days from opening to transfer.

    Applications that retention or a buyer's request removed count from their tombstones
    (`removed_per_round`): a round keeps its figures after its personal data is gone."""
    rounds = {
        r.pk: RoundFigures(pk=r.pk, name=r.name, opens_at=r.opens_at, slug=r.slug)
        for r in SalesRound.objects.filter(scope.rounds())
        .only("pk", "name", "opens_at", "slug")
        .order_by("opens_at", "pk")
    }
    if not rounds:
        return []
    # The rounds' ids as a list: the larger queries below filter on it instead of joining the
    # round table again for every row.
    ids = list(rounds)
    # The day each round opened, in Europe/Amsterdam (once per round, not per agreement).
    opened_on = {pk: timezone.localtime(r.opens_at).date() for pk, r in rounds.items()}

    def add(rows, **names):
        for row in rows:
            figures = rounds.get(row["sales_round"])
            if figures is not None:
                for attr, key in names.items():
                    setattr(figures, attr, getattr(figures, attr) + (row[key] or 0))

    add(
        AlertDelivery.objects.filter(sales_round_id__in=ids)
        .values("sales_round")
        .annotate(n=Count("pk"))
        .order_by(),
        subscribers="n",
    )
    add(_reached_per_round(ids), started="started", **{step: step for step in REACHED_STEPS})
    add(
        Offer.objects.filter(sales_round_id__in=ids)
        .values("sales_round")
        .annotate(n=Count("pk"), accepted=Count("pk", filter=Q(status=Offer.Status.ACCEPTED)))
        .order_by(),
        offers="n",
        acceptances="accepted",
    )
    # One pass over the agreements: per round and transfer date, how many were signed by
    # both and how many transferred (the days to transfer are counted per date).
    for row in (
        Contract.objects.filter(offer__sales_round_id__in=ids)
        .values(sales_round=F("offer__sales_round"), day=F("transfer_date"))
        .annotate(
            signed=Count(
                "pk",
                filter=Q(status__in=SIGNED_STATUSES)
                | Q(status=contract_rules.DISSOLVED, seller_signed_at__isnull=False),
            ),
            transferred=Count("pk", filter=Q(status=contract_rules.TRANSFERRED)),
        )
        .order_by()
    ):
        figures = rounds[row["sales_round"]]
        figures.agreements += row["signed"]
        figures.transfers += row["transferred"]
        if row["transferred"]:
            days = (row["day"] - opened_on[figures.pk]).days
            figures.days_to_transfer.extend([days] * row["transferred"])
    for slug, removed in removed_per_round(scope, [r.slug for r in rounds.values()]).items():
        figures = next(r for r in rounds.values() if r.slug == slug)
        figures.removed = removed
        for step in FUNNEL_STEPS:
            setattr(figures, step, getattr(figures, step) + removed.get(step, 0))
    return list(rounds.values())


# The funnel's steps read from the application history, with the statuses that count.
REACHED_STEPS = {
    "submitted": SUBMITTED_STATUSES,
    "eligible": ELIGIBLE_STATUSES,
    "selected": SELECTED_STATUSES,
}


def _reached_per_round(round_ids: list) -> list[dict]:
    """Per round: the applications started, and how many of them the history shows reached
    each step. Each application counts once per step (one submitted twice, after a
    reopening, counts once): the applications are joined to their history and reduced to one
    row each (a single hashed pass), then counted per round. The ORM has no aggregate over an
    aggregate, hence the SQL around its queryset."""
    per_application = (
        Application.objects.filter(sales_round_id__in=round_ids)
        .order_by()
        .values("pk", round_id=F("sales_round"))
        .annotate(
            **{
                step: Max(
                    Case(
                        When(history__to_status__in=statuses, then=Value(1)),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                )
                for step, statuses in REACHED_STEPS.items()
            }
        )
        .values("round_id", *REACHED_STEPS)
    )
    inner_sql, params = per_application.query.sql_with_params()
    counted = ", ".join(f'SUM(h."{step}") AS "{step}"' for step in REACHED_STEPS)
    sql = (
        f'SELECT h."round_id", COUNT(*) AS "started", {counted} '  # noqa: S608 (names from code)
        f'FROM ({inner_sql}) h GROUP BY h."round_id"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = ["sales_round", "started", *REACHED_STEPS]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def removed_per_round(scope: Scope, slugs: list) -> dict[str, dict]:
    """What the tombstones of removed applications say per round (their `context` is the
    round's slug): how many there were, how far each got by the status it had when it was
    removed (`rules.reached_by_final_status`), and the offers it had had. Grouped in the
    database by round, status and whether it was ever submitted: a few rows per round."""
    rows = (
        ErasureTombstone.objects.filter(
            organisation_id__in=scope.municipality_ids,
            category__in=[UNSUCCESSFUL, DRAFTS],
            context__in=slugs,
        )
        .values(
            "context",
            "category",
            final_status=KeyTextTransform("status", "counts"),
            was_submitted=KeyTextTransform("submitted", "counts"),
        )
        .annotate(
            n=Count("pk"),
            offers=Sum(Cast(KeyTextTransform("offers", "counts"), IntegerField())),
        )
        .order_by()
    )
    out: dict[str, dict] = {}
    for row in rows:
        counted = out.setdefault(row["context"], defaultdict(int))
        n = row["n"]
        counted["drafts" if row["category"] == DRAFTS else "unsuccessful"] += n
        counted["started"] += n
        submitted = str(row["was_submitted"]).lower() in ("true", "1")
        for step in rules.reached_by_final_status(row["final_status"] or "", submitted):
            counted[step] += n
        counted["offers"] += row["offers"] or 0
    return {slug: dict(counted) for slug, counted in out.items()}


def removed_applications(figures: list) -> dict:
    """Applications retention or a buyer's request removed, of the rounds in view, as their
    tombstones count them (drafts never submitted, and unsuccessful applications)."""
    return {key: sum(r.removed.get(key, 0) for r in figures) for key in ("drafts", "unsuccessful")}


@dataclass
class HomeInterest:
    pk: int
    reference: str
    address: str
    applications: int
    first_choice: int


def interest_per_home(scope: Scope, round_ids: list | None = None) -> list[HomeInterest]:
    """Submitted applications naming each home, and how many named it first, most wanted
    first. Counted per home id alone (a narrow hash key over every preference), the labels
    read from the municipality's homes in a second, small query. With the scope's round ids
    (the dashboard has them) the preferences are not joined to the rounds again."""
    in_scope = (
        Q(application__sales_round_id__in=round_ids)
        if round_ids is not None
        else scope.rounds("application__sales_round__")
    )
    counts = (
        Preference.objects.filter(in_scope, application__submitted_at__isnull=False)
        .values("property")
        # One preference per application and home (a unique constraint): no DISTINCT needed.
        .annotate(n=Count("pk"), first=Count("pk", filter=Q(rank=1)))
        .order_by()
        .values_list("property", "n", "first")
    )
    counted = {home: (n, first) for home, n, first in counts}
    if not counted:
        return []
    homes = [
        HomeInterest(
            pk=pk,
            reference=reference,
            address=f"{street} {number}",
            applications=counted[pk][0],
            first_choice=counted[pk][1],
        )
        for pk, reference, street, number in Property.objects.filter(
            municipality_id__in=scope.municipality_ids
        ).values_list("pk", "reference", "street", "house_number")
        if pk in counted
    ]
    homes.sort(key=lambda h: (-h.applications, h.reference))
    return homes


def dissolutions(scope: Scope) -> list[tuple[str, int]]:
    """Dissolved agreements by kind (the DissolutionKind's key), most frequent first."""
    rows = (
        Contract.objects.filter(
            scope.rounds("offer__sales_round__"), status=contract_rules.DISSOLVED
        )
        .values("dissolution_kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "dissolution_kind")
    )
    return [(row["dissolution_kind"], row["n"]) for row in rows]


# Compliance columns per obligation kind; they add up to every deadline of that kind. An
# obligation for which an exemption (a new deadline or a release) was granted counts as
# exempted, whatever happened after; the others by their status and dates. The template,
# the charts and the exports read COMPLIANCE_COLUMNS.
COMPLIANCE_COLUMNS = ["on_time", "late", "exempted", "overdue", "open", "lapsed"]


def _compliance_filters(today: date) -> dict:
    """The columns but "exempted", for deadlines without a granted exemption."""
    met = Q(status=aftercare_rules.MET)
    return {
        "on_time": met & (Q(done_on__isnull=True) | Q(done_on__lte=F("due_on"))),
        "late": met & Q(done_on__gt=F("due_on")),
        "overdue": Q(status=aftercare_rules.OPEN, due_on__lt=today),
        "open": Q(status=aftercare_rules.OPEN, due_on__gte=today),
        "lapsed": Q(status=aftercare_rules.LAPSED),
    }


def compliance_per_kind_and_year(scope: Scope, today: date | None = None) -> list[dict]:
    """The compliance columns per kind of deadline (periods such as occupancy are not
    deadlines) and year it fell due: one grouped query, which `compliance` and
    `compliance_by_year` add up each their way. Whether an exemption was granted is a
    grouping key; the granted exemptions are an uncorrelated subquery, which the database
    reads once (a hashed lookup per deadline, not a subquery per row and column)."""
    today = today or timezone.localdate()
    granted = Exemption.objects.filter(
        status=aftercare_rules.GRANTED, obligation__isnull=False
    ).values("obligation_id")
    rows = (
        Obligation.objects.filter(scope.rounds("case__sales_round__"))
        .exclude(kind__in=aftercare_rules.PERIODS)
        .annotate(was_exempted=ExpressionWrapper(Q(pk__in=granted), output_field=BooleanField()))
        .values("kind", "was_exempted", year=ExtractYear("due_on"))
        .annotate(
            n=Count("pk"),
            **{key: Count("pk", filter=q) for key, q in _compliance_filters(today).items()},
        )
        .order_by()
    )
    out = []
    for row in rows:
        counted = dict.fromkeys(COMPLIANCE_COLUMNS, 0)
        if row["was_exempted"]:
            counted["exempted"] = row["n"]
        else:
            counted.update({key: row[key] for key in counted if key != "exempted"})
        out.append({"kind": row["kind"], "year": row["year"], **counted})
    return out


def _summed(rows: list[dict], key: str) -> dict:
    out: dict = {}
    for row in rows:
        into = out.setdefault(row[key], dict.fromkeys(COMPLIANCE_COLUMNS, 0))
        for column in COMPLIANCE_COLUMNS:
            into[column] += row[column]
    return out


def compliance(scope: Scope, today: date | None = None, rows: list | None = None) -> list[dict]:
    """Per kind of deadline: how many were met on time, met late, exempted, are overdue,
    still open, or no longer apply."""
    by_kind = _summed(compliance_per_kind_and_year(scope, today) if rows is None else rows, "kind")
    return [{"kind": kind, **by_kind[kind]} for kind in aftercare_rules.KINDS if kind in by_kind]


def compliance_by_year(
    scope: Scope, today: date | None = None, rows: list | None = None
) -> list[dict]:
    """Compliance over time: the same columns per year in which the deadlines fell due."""
    by_year = _summed(compliance_per_kind_and_year(scope, today) if rows is None else rows, "year")
    return [{"year": year, **by_year[year]} for year in sorted(by_year)]


EXEMPTION_COLUMNS = ["pending", "granted", "refused"]


def exemptions(scope: Scope) -> list[dict]:
    """Exemption requests per ground: still pending (requested or proposed), granted (four
    eyes), refused."""
    rows = (
        Exemption.objects.filter(scope.rounds("case__sales_round__"))
        .values("ground")
        .annotate(
            pending=Count(
                "pk", filter=Q(status__in=[aftercare_rules.REQUESTED, aftercare_rules.PROPOSED])
            ),
            granted=Count("pk", filter=Q(status=aftercare_rules.GRANTED)),
            refused=Count("pk", filter=Q(status=aftercare_rules.REFUSED)),
        )
        .order_by()
    )
    by_ground = {row["ground"]: row for row in rows}
    return [
        {"ground": ground, **{key: by_ground[ground][key] for key in EXEMPTION_COLUMNS}}
        for ground in aftercare_rules.GROUNDS
        if ground in by_ground
    ]


@dataclass
class Penalties:
    claims: int = 0
    claimed: Decimal = Decimal("0")
    paid: Decimal = Decimal("0")


def penalties(scope: Scope) -> Penalties:
    """Penalties claimed for breaches of aftercare obligations (issue #16): how many claims,
    the amount claimed (as claimed: a later reduction or waiver does not change it) and the
    amount paid. One aggregate over the claims of the scope's rounds."""
    row = PenaltyClaim.objects.filter(scope.rounds("case__sales_round__")).aggregate(
        claims=Count("pk"), claimed=Sum("amount"), paid=Sum("paid_amount")
    )
    return Penalties(
        claims=row["claims"],
        claimed=row["claimed"] or Decimal("0"),
        paid=row["paid"] or Decimal("0"),
    )


@dataclass
class Money:
    sale_proceeds: Decimal = Decimal("0")
    committed_renovation: Decimal = Decimal("0")
    realised_investment: Decimal = Decimal("0")
    homes_sold: int = 0
    homes_renovated: int = 0
    resales: int = 0
    anti_speculation_due: Decimal = Decimal("0")
    anti_speculation_paid: Decimal = Decimal("0")


PROGRESS_STEPS = ["cases", "started", "reported", "accepted"]


def renovation_progress(scope: Scope) -> dict:
    """How far the renovations of the sold homes are: homes in aftercare (transferred), the
    renovation started (its start obligation met), the completion reported (a completion notice
    submitted), the completion accepted (or counted as accepted for want of an inspection in
    time). One query: the two sets are uncorrelated subqueries the database reads once."""
    started = Obligation.objects.filter(
        kind=aftercare_rules.RENOVATION_START, status=aftercare_rules.MET
    ).values("case_id")
    reported = CompletionNotice.objects.filter(submitted_at__isnull=False).values("case_id")
    return AftercareCase.objects.filter(scope.rounds("sales_round__")).aggregate(
        cases=Count("pk"),
        started=Count("pk", filter=Q(pk__in=started)),
        reported=Count("pk", filter=Q(pk__in=reported)),
        accepted=Count("pk", filter=Q(accepted_on__isnull=False) | Q(deemed_accepted=True)),
    )


def money(scope: Scope, progress: dict | None = None) -> Money:
    """Sale proceeds and the committed minimum renovation budgets of the transferred homes (at
    the figures in force), the investment the accepted completion evidence shows, and the
    anti-speculation payments of resales (due, and of those recorded as paid)."""
    sold = Contract.objects.filter(
        scope.rounds("offer__sales_round__"), status=contract_rules.TRANSFERRED
    ).aggregate(
        n=Count("pk"),
        price=Sum("property__current_figures__purchase_price"),
        budget=Sum("property__current_figures__minimum_renovation_budget"),
    )
    realised = Evidence.objects.filter(
        scope.rounds("notice__case__sales_round__"),
        notice__status__in=aftercare_rules.ACCEPTED_STATUSES,
        amount__isnull=False,
    ).aggregate(total=Sum("amount"))
    progress = renovation_progress(scope) if progress is None else progress
    resales = Resale.objects.filter(scope.rounds("case__sales_round__")).aggregate(
        n=Count("pk"),
        due=Sum("payment_due"),
        paid=Sum("payment_due", filter=Q(paid_on__isnull=False)),
    )
    zero = Decimal("0")
    return Money(
        sale_proceeds=sold["price"] or zero,
        committed_renovation=sold["budget"] or zero,
        realised_investment=realised["total"] or zero,
        homes_sold=sold["n"],
        homes_renovated=progress["accepted"],
        resales=resales["n"],
        anti_speculation_due=resales["due"] or zero,
        anti_speculation_paid=resales["paid"] or zero,
    )


@dataclass
class Dashboard:
    rounds: list
    removed_applications: dict
    homes: list
    dissolutions: list
    compliance: list
    compliance_by_year: list
    exemptions: list
    penalties: Penalties
    money: Money
    progress: dict = field(default_factory=dict)

    @property
    def totals(self) -> dict:
        out = defaultdict(int)
        for figures in self.rounds:
            for step, n in figures.funnel:
                out[step] += n
        return dict(out)


def dashboard(scope: Scope, today: date | None = None) -> Dashboard:
    """Every figure of the dashboard, the council report and the exports."""
    rounds = round_figures(scope)
    deadlines = compliance_per_kind_and_year(scope, today)
    progress = renovation_progress(scope)
    return Dashboard(
        rounds=rounds,
        removed_applications=removed_applications(rounds),
        homes=interest_per_home(scope, [r.pk for r in rounds]),
        dissolutions=dissolutions(scope),
        compliance=compliance(scope, rows=deadlines),
        compliance_by_year=compliance_by_year(scope, rows=deadlines),
        exemptions=exemptions(scope),
        penalties=penalties(scope),
        money=money(scope, progress),
        progress=progress,
    )


@dataclass
class PhotoPair:
    reference: str
    before: object  # a PropertyPhoto (public catalogue photo) or None
    after: list  # Evidence photos the buyer agreed to show


@dataclass
class NeighbourhoodResults:
    """The public page's figures: None where a count is below rules.SUPPRESS_BELOW."""

    sold: int | None
    renovated: int | None
    investment: Decimal | None
    photos: list


def shared_after_photos():
    """After photos buyers agreed to show: of an accepted notice, consent not withdrawn (the
    same rule as aftercare's public photo view, which serves them; a test checks they agree)."""
    return Evidence.objects.filter(
        kind=Evidence.Kind.PHOTO,
        notice__status__in=aftercare_rules.ACCEPTED_STATUSES,
        notice__case__photo_consent=True,
    )


def neighbourhood_results(neighbourhood) -> NeighbourhoodResults:
    sold = Contract.objects.filter(
        property__neighbourhood=neighbourhood, status=contract_rules.TRANSFERRED
    ).count()
    renovated = AftercareCase.objects.filter(
        Q(accepted_on__isnull=False) | Q(deemed_accepted=True),
        property__neighbourhood=neighbourhood,
    ).count()
    investment = Evidence.objects.filter(
        notice__case__property__neighbourhood=neighbourhood,
        notice__status__in=aftercare_rules.ACCEPTED_STATUSES,
        amount__isnull=False,
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0")
    after = list(
        shared_after_photos()
        .filter(notice__case__property__neighbourhood=neighbourhood)
        .select_related("notice__case__property", "item")
        .order_by("notice__case__property__reference", "pk")
    )
    homes = {photo.notice.case.property for photo in after}
    before = {}
    for photo in PropertyPhoto.objects.filter(property__in=homes).order_by("position", "pk"):
        before.setdefault(photo.property_id, photo)
    pairs = {}
    for photo in after:
        home = photo.notice.case.property
        pair = pairs.setdefault(
            home.pk, PhotoPair(reference=home.reference, before=before.get(home.pk), after=[])
        )
        if len(pair.after) < 3:
            pair.after.append(photo)
    return NeighbourhoodResults(
        sold=rules.suppressed(sold),
        renovated=rules.suppressed(renovated),
        investment=rules.public_amount(investment, renovated),
        photos=list(pairs.values()),
    )
