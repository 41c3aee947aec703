"""The dashboard's figures as labelled tables and charts: one source for the page, the
council report (PDF) and the workbook (XLSX), so they always agree."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from aftercare.models import Exemption, Obligation
from contracts.models import DissolutionKind
from reports import charts as chart_geometry
from reports import selectors

# How many homes the interest chart shows (the table has them all).
TOP_HOMES = 15
# How many the page's table shows (the workbook has them all).
PAGE_HOMES = 50


def step_labels() -> dict:
    return {
        "subscribers": _("Alert subscribers"),
        "started": _("Applications started"),
        "submitted": _("Submitted"),
        "eligible": _("Eligible"),
        "selected": _("Drawn or assessed"),
        "offers": _("Offers"),
        "acceptances": _("Acceptances"),
        "agreements": _("Purchase agreements signed"),
        "transfers": _("Transfers"),
    }


def compliance_labels() -> dict:
    return {
        "on_time": _("Met on time"),
        "late": _("Met late"),
        "exempted": _("Exempted"),
        "overdue": _("Overdue"),
        "open": _("Not yet due"),
        "lapsed": _("No longer applies"),
    }


def progress_labels() -> dict:
    return {
        "cases": _("Homes transferred (in aftercare)"),
        "started": _("Renovation started"),
        "reported": _("Completion reported"),
        "accepted": _("Completion accepted"),
    }


def exemption_labels() -> dict:
    return {
        "pending": _("Awaiting a decision"),
        "granted": _("Granted"),
        "refused": _("Refused"),
    }


@dataclass
class Table:
    key: str
    title: str
    columns: list  # (label, numeric?)
    rows: list  # lists of cells
    # The page and the PDF show this many rows at most; the workbook has them all.
    page_limit: int | None = None

    @property
    def page_rows(self) -> list:
        return self.rows if self.page_limit is None else self.rows[: self.page_limit]

    @property
    def cut(self) -> bool:
        return len(self.page_rows) < len(self.rows)


def tables(figures: selectors.Dashboard) -> list[Table]:
    steps = step_labels()
    kinds = dict(Obligation.Kind.choices)
    dissolution_kinds = dict(DissolutionKind.choices)
    compliance_columns = compliance_labels()
    every_day = [days for r in figures.rounds for days in r.days_to_transfer]
    progress = progress_labels()
    exemption_columns = exemption_labels()
    grounds = dict(Exemption.Ground.choices)
    money = figures.money
    return [
        Table(
            "funnel",
            _("From alert to transfer, per round"),
            [(_("Sales round"), False)] + [(steps[step], True) for step in selectors.FUNNEL_STEPS],
            [[r.name, *(n for _step, n in r.funnel)] for r in figures.rounds]
            + [[_("Total"), *(figures.totals.get(step, 0) for step in selectors.FUNNEL_STEPS)]],
        ),
        Table(
            "time",
            _("Days from the round's opening to the transfer"),
            [
                (_("Sales round"), False),
                (_("Transfers"), True),
                (_("Median"), True),
                (_("Shortest"), True),
                (_("Longest"), True),
            ],
            [
                [
                    r.name,
                    len(r.days_to_transfer),
                    r.median_days_to_transfer,
                    min(r.days_to_transfer, default=None),
                    max(r.days_to_transfer, default=None),
                ]
                for r in figures.rounds
                if r.days_to_transfer
            ]
            + [
                [
                    _("All rounds"),
                    len(every_day),
                    selectors.median(every_day),
                    min(every_day, default=None),
                    max(every_day, default=None),
                ]
            ],
        ),
        Table(
            "removed",
            _(
                "Applications removed (retention or the buyer's request): counted in the "
                "funnel above from their tombstones"
            ),
            [(_("Kind"), False), (_("Number"), True)],
            [
                [_("Drafts never submitted"), figures.removed_applications["drafts"]],
                [_("Unsuccessful applications"), figures.removed_applications["unsuccessful"]],
            ],
        ),
        Table(
            "homes",
            _("Interest per home"),
            [
                (_("Home"), False),
                (_("Address"), False),
                (_("Applications"), True),
                (_("First choice"), True),
            ],
            [[h.reference, h.address, h.applications, h.first_choice] for h in figures.homes],
            page_limit=PAGE_HOMES,
        ),
        Table(
            "dissolutions",
            _("Dissolved purchase agreements, by reason"),
            [(_("Reason"), False), (_("Number"), True)],
            [
                [dissolution_kinds.get(kind, kind or _("Other")), n]
                for kind, n in figures.dissolutions
            ],
        ),
        Table(
            "progress",
            _("Renovation progress"),
            [(_("Stage"), False), (_("Homes"), True)],
            [[progress[step], figures.progress.get(step, 0)] for step in selectors.PROGRESS_STEPS],
        ),
        Table(
            "compliance",
            _("After the sale: deadlines met"),
            [(_("Obligation"), False)]
            + [(compliance_columns[c], True) for c in selectors.COMPLIANCE_COLUMNS],
            [
                [kinds.get(row["kind"], row["kind"])]
                + [row[c] for c in selectors.COMPLIANCE_COLUMNS]
                for row in figures.compliance
            ],
        ),
        Table(
            "compliance_by_year",
            _("After the sale: deadlines met, by the year they fell due"),
            [(_("Year"), False)]
            + [(compliance_columns[c], True) for c in selectors.COMPLIANCE_COLUMNS],
            [
                [str(row["year"])] + [row[c] for c in selectors.COMPLIANCE_COLUMNS]
                for row in figures.compliance_by_year
            ],
        ),
        Table(
            "exemptions",
            _("Requests for an exemption or extension, by ground"),
            [(_("Ground"), False)]
            + [(exemption_columns[c], True) for c in selectors.EXEMPTION_COLUMNS],
            [
                [grounds.get(row["ground"], row["ground"])]
                + [row[c] for c in selectors.EXEMPTION_COLUMNS]
                for row in figures.exemptions
            ],
        ),
        Table(
            "penalties",
            _("Penalties claimed for breaches after the sale"),
            [(_("Figure"), False), (_("Value"), True)],
            [
                [_("Penalty claims"), figures.penalties.claims],
                [_("Claimed (EUR)"), figures.penalties.claimed],
                [_("Paid (EUR)"), figures.penalties.paid],
            ],
        ),
        Table(
            "money",
            _("Money and renovation"),
            [(_("Figure"), False), (_("Value"), True)],
            [
                [_("Homes transferred"), money.homes_sold],
                [_("Homes renovated (completion accepted)"), money.homes_renovated],
                [_("Sale proceeds (EUR)"), money.sale_proceeds],
                [
                    _("Committed renovation budget (EUR, minimum per home)"),
                    money.committed_renovation,
                ],
                [_("Realised investment (EUR, accepted invoices)"), money.realised_investment],
                [_("Resales recorded"), money.resales],
                [_("Anti-speculation payments due (EUR)"), money.anti_speculation_due],
                [_("Anti-speculation payments received (EUR)"), money.anti_speculation_paid],
            ],
        ),
    ]


def charts(figures: selectors.Dashboard) -> dict:
    steps = step_labels()
    totals = figures.totals
    compliance_columns = compliance_labels()
    kinds = dict(Obligation.Kind.choices)
    dissolution_kinds = dict(DissolutionKind.choices)
    return {
        "funnel": chart_geometry.bar_chart(
            "chart-funnel",
            _("From alert to transfer (all rounds shown)"),
            [_("Number")],
            [(steps[step], [totals.get(step, 0)]) for step in selectors.FUNNEL_STEPS],
        ),
        "homes": chart_geometry.bar_chart(
            "chart-homes",
            _("Interest per home (the %(n)s most wanted)") % {"n": TOP_HOMES},
            [_("First choice"), _("Lower choice")],
            [
                (h.address, [h.first_choice, h.applications - h.first_choice])
                for h in figures.homes[:TOP_HOMES]
            ],
        ),
        "time": chart_geometry.bar_chart(
            "chart-time",
            _("Days from opening to transfer (median per round)"),
            [_("Days")],
            [
                (r.name, [r.median_days_to_transfer])
                for r in figures.rounds
                if r.median_days_to_transfer is not None
            ],
        ),
        "dissolutions": chart_geometry.bar_chart(
            "chart-dissolutions",
            _("Dissolved purchase agreements, by reason"),
            [_("Number")],
            [(dissolution_kinds.get(k, k or _("Other")), [n]) for k, n in figures.dissolutions],
        ),
        "compliance": chart_geometry.bar_chart(
            "chart-compliance",
            _("After the sale: deadlines met"),
            [compliance_columns[c] for c in selectors.COMPLIANCE_COLUMNS],
            [
                (
                    kinds.get(row["kind"], row["kind"]),
                    [row[c] for c in selectors.COMPLIANCE_COLUMNS],
                )
                for row in figures.compliance
            ],
        ),
        "progress": chart_geometry.bar_chart(
            "chart-progress",
            _("Renovation progress"),
            [_("Homes")],
            [(label, [figures.progress.get(step, 0)]) for step, label in progress_labels().items()],
        ),
        "compliance_by_year": chart_geometry.bar_chart(
            "chart-compliance-years",
            _("After the sale: deadlines by the year they fell due"),
            [compliance_columns[c] for c in selectors.COMPLIANCE_COLUMNS],
            [
                (str(row["year"]), [row[c] for c in selectors.COMPLIANCE_COLUMNS])
                for row in figures.compliance_by_year
            ],
        ),
    }
