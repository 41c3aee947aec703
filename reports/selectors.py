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
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from aftercare import rules as aftercare_rules
from aftercare.models import Case, Evidence, Obligation
from applications import rules as application_rules
from applications.models import Application, Offer, Preference, StatusChange
from applications.privacy import DRAFTS, UNSUCCESSFUL
from contracts import rules as contract_rules
from contracts.models import Contract
from klushuis.privacy.models import ErasureTombstone
from properties.models import AlertDelivery, PropertyPhoto, SalesRound
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
    """Per round of the municipality the funnel and the days from opening to transfer."""
    rounds = {
        r.pk: RoundFigures(pk=r.pk, name=r.name, opens_at=r.opens_at)
        for r in SalesRound.objects.filter(scope.rounds())
        .only("pk", "name", "opens_at")
        .order_by("opens_at", "pk")
    }

    def add(rows, **names):
        for row in rows:
            figures = rounds.get(row["sales_round"])
            if figures is not None:
                for attr, key in names.items():
                    setattr(figures, attr, row[key])

    add(
        AlertDelivery.objects.filter(scope.rounds("sales_round__"))
        .values("sales_round")
        .annotate(n=Count("pk")),
        subscribers="n",
    )
    add(_reached_per_round(scope), started="started", **{step: step for step in REACHED_STEPS})
    add(
        Offer.objects.filter(scope.rounds("sales_round__"))
        .values("sales_round")
        .annotate(n=Count("pk"), accepted=Count("pk", filter=Q(status=Offer.Status.ACCEPTED))),
        offers="n",
        acceptances="accepted",
    )
    add(
        Contract.objects.filter(scope.rounds("offer__sales_round__"))
        .values(sales_round=F("offer__sales_round"))
        .annotate(
            signed=Count(
                "pk",
                filter=Q(status__in=SIGNED_STATUSES)
                | Q(status=contract_rules.DISSOLVED, seller_signed_at__isnull=False),
            ),
            transferred=Count("pk", filter=Q(status=contract_rules.TRANSFERRED)),
        ),
        agreements="signed",
        transfers="transferred",
    )
    for round_pk, opens_at, transfer_date in Contract.objects.filter(
        scope.rounds("offer__sales_round__"), status=contract_rules.TRANSFERRED
    ).values_list("offer__sales_round", "offer__sales_round__opens_at", "transfer_date"):
        figures = rounds.get(round_pk)
        if figures is not None:
            opened = timezone.localtime(opens_at).date()
            figures.days_to_transfer.append((transfer_date - opened).days)
    return list(rounds.values())


# The funnel's steps read from the application history, with the statuses that count.
REACHED_STEPS = {
    "submitted": SUBMITTED_STATUSES,
    "eligible": ELIGIBLE_STATUSES,
    "selected": SELECTED_STATUSES,
}


def _reached_per_round(scope: Scope) -> list[dict]:
    """Per round: the applications started, and how many of them the history shows reached
    each step. Each application counts once per step (one submitted twice, after a
    reopening, counts once): the history is first reduced to one row per application (a
    single hashed pass over it), then counted per round. The ORM has no aggregate over an
    aggregate, hence the SQL around its two querysets."""
    applications = (
        Application.objects.filter(scope.rounds("sales_round__"))
        .order_by()
        .values(app_id=F("pk"), round_id=F("sales_round"))
    )
    per_application = (
        StatusChange.objects.filter(scope.rounds("application__sales_round__"))
        .order_by()
        .values(app_id=F("application"))
        .annotate(
            **{
                step: Count("pk", filter=Q(to_status__in=statuses))
                for step, statuses in REACHED_STEPS.items()
            }
        )
        .values("app_id", *REACHED_STEPS)
    )
    apps_sql, apps_params = applications.query.sql_with_params()
    history_sql, history_params = per_application.query.sql_with_params()
    counted = ", ".join(
        f'COUNT(*) FILTER (WHERE h."{step}" > 0) AS "{step}"' for step in REACHED_STEPS
    )
    sql = (
        f'SELECT a."round_id", COUNT(*) AS "started", {counted} '  # noqa: S608 (names from code)
        f'FROM ({apps_sql}) a LEFT JOIN ({history_sql}) h ON h."app_id" = a."app_id" '
        f'GROUP BY a."round_id"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*apps_params, *history_params))
        names = ["sales_round", "started", *REACHED_STEPS]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def removed_applications(scope: Scope) -> dict:
    """Applications retention or a buyer's request removed: their tombstones keep the count
    (drafts never submitted, and submitted applications that were unsuccessful)."""
    rows = (
        ErasureTombstone.objects.filter(
            organisation_id__in=scope.municipality_ids, category__in=[UNSUCCESSFUL, DRAFTS]
        )
        .values("category")
        .annotate(n=Count("pk"))
    )
    by_category = {row["category"]: row["n"] for row in rows}
    return {"drafts": by_category.get(DRAFTS, 0), "unsuccessful": by_category.get(UNSUCCESSFUL, 0)}


@dataclass
class HomeInterest:
    pk: int
    reference: str
    address: str
    applications: int
    first_choice: int


def interest_per_home(scope: Scope) -> list[HomeInterest]:
    """Submitted applications naming each home, and how many named it first."""
    rows = (
        Preference.objects.filter(
            scope.rounds("application__sales_round__"),
            application__submitted_at__isnull=False,
        )
        .values("property", "property__reference", "property__street", "property__house_number")
        # One preference per application and home (a unique constraint): no DISTINCT needed.
        .annotate(n=Count("pk"), first=Count("pk", filter=Q(rank=1)))
        .order_by("-n", "property__reference")
    )
    return [
        HomeInterest(
            pk=row["property"],
            reference=row["property__reference"],
            address=f"{row['property__street']} {row['property__house_number']}",
            applications=row["n"],
            first_choice=row["first"],
        )
        for row in rows
    ]


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


# Compliance columns per obligation kind. A later state (an exemption, say) is one more
# entry here and one more filter: the template and the exports read COMPLIANCE_COLUMNS.
COMPLIANCE_COLUMNS = ["on_time", "late", "overdue", "open", "lapsed"]


def _compliance_filters(today: date) -> dict:
    met = Q(status=aftercare_rules.MET)
    return {
        "on_time": met & (Q(done_on__isnull=True) | Q(done_on__lte=F("due_on"))),
        "late": met & Q(done_on__gt=F("due_on")),
        "overdue": Q(status=aftercare_rules.OPEN, due_on__lt=today),
        "open": Q(status=aftercare_rules.OPEN, due_on__gte=today),
        "lapsed": Q(status=aftercare_rules.LAPSED),
    }


# The penalties claimed for the breaches of each kind of deadline (issue #16): how many
# claims, and what they came to as claimed (a later reduction or waiver does not change what
# was claimed). A table column, not a bar of the chart (a sum of money is no count).
PENALTY_COLUMNS = ["penalties", "penalties_amount"]


def compliance(scope: Scope, today: date | None = None) -> list[dict]:
    """Per kind of deadline (periods such as occupancy are not deadlines): how many were met
    on time, met late, are overdue, still open, or no longer apply; and the penalty claims
    for their breaches (count and amount claimed)."""
    today = today or timezone.localdate()
    filters = _compliance_filters(today)
    # One query: the join to the claims repeats an obligation per claim, so the obligations
    # are counted distinct; each claim belongs to one obligation, so its amount once.
    rows = (
        Obligation.objects.filter(scope.rounds("case__sales_round__"))
        .exclude(kind__in=aftercare_rules.PERIODS)
        .values("kind")
        .annotate(
            **{key: Count("pk", filter=q, distinct=True) for key, q in filters.items()},
            penalties=Count("penalty_claims", distinct=True),
            penalties_amount=Sum("penalty_claims__amount"),
        )
    )
    by_kind = {row["kind"]: row for row in rows}
    return [
        {
            "kind": kind,
            **{key: by_kind[kind][key] for key in COMPLIANCE_COLUMNS},
            "penalties": by_kind[kind]["penalties"],
            "penalties_amount": by_kind[kind]["penalties_amount"] or Decimal(0),
        }
        for kind in aftercare_rules.KINDS
        if kind not in aftercare_rules.PERIODS and kind in by_kind
    ]


@dataclass
class Money:
    sale_proceeds: Decimal = Decimal("0")
    committed_renovation: Decimal = Decimal("0")
    realised_investment: Decimal = Decimal("0")
    homes_sold: int = 0
    homes_renovated: int = 0


def money(scope: Scope) -> Money:
    """Sale proceeds and the committed minimum renovation budgets of the transferred homes (at
    the figures in force), and the investment the accepted completion evidence shows."""
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
    renovated = Case.objects.filter(
        Q(accepted_on__isnull=False) | Q(deemed_accepted=True), scope.rounds("sales_round__")
    ).count()
    return Money(
        sale_proceeds=sold["price"] or Decimal("0"),
        committed_renovation=sold["budget"] or Decimal("0"),
        realised_investment=realised["total"] or Decimal("0"),
        homes_sold=sold["n"],
        homes_renovated=renovated,
    )


@dataclass
class Dashboard:
    rounds: list
    removed_applications: dict
    homes: list
    dissolutions: list
    compliance: list
    money: Money

    @property
    def totals(self) -> dict:
        out = defaultdict(int)
        for figures in self.rounds:
            for step, n in figures.funnel:
                out[step] += n
        return dict(out)


def dashboard(scope: Scope) -> Dashboard:
    """Every figure of the dashboard, the council report and the exports."""
    return Dashboard(
        rounds=round_figures(scope),
        removed_applications=removed_applications(scope),
        homes=interest_per_home(scope),
        dissolutions=dissolutions(scope),
        compliance=compliance(scope),
        money=money(scope),
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
    renovated = Case.objects.filter(
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
