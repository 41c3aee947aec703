"""The court dossier of one home (issue #16): everything the municipality must be able to
prove about the aftercare of a sale, as one PDF, and the home's combined history.

The dossier is a list of sections, each built by a small function that takes the case and
returns a `Section` (title, columns, rows of plain text; escaped when rendered). Adding a
section is one function added to `SECTIONS`. Reads only;
the view that serves it records the reading in the access log.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from aftercare import rules
from aftercare.models import (
    BrpCheck,
    Case,
    DefaultNotice,
    Evidence,
    Exemption,
    ExemptionChange,
    InspectionResult,
    NoticeChange,
    ObligationChange,
    PenaltyClaimChange,
    ProgressReport,
    ReleaseChange,
)
from contracts.models import Contract, Letter
from klushuis import pdf
from klushuis.formatting import moment


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    intro: str = ""


def _text(value) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, datetime):
        return moment(value)
    return str(value)


def _who(user) -> str:
    return _text(getattr(user, "email", None)) if user is not None else _("the portal")


def contract_section(case: Case) -> Section:
    contract = case.contract
    version = contract.sent_version
    rows = [
        [_("Reference"), contract.reference],
        [_("Status"), contract.get_status_display()],
        [_("Home"), f"{case.property.address}, {case.property.city} ({case.property.reference})"],
        [_("Transfer date"), _text(case.transfer_date)],
        [_("Signed version"), _text(version.number if version else None)],
        [_("SHA-256 of the signed version"), _text(version.sha256 if version else None)],
        [
            _("SHA-256 of the programme of requirements"),
            _text(version.requirements_sha256 if version else None),
        ],
        [_("SHA-256 of the signed copy as received"), _text(contract.signed_copy_sha256)],
        [_("Signed by the buyer at"), _text(contract.buyer_signed_at)],
        [_("Signed by the seller at"), _text(contract.seller_signed_at)],
        [_("Terms fixed at the transfer"), ", ".join(f"{k}: {v}" for k, v in case.terms.items())],
    ]
    return Section("contract", _("Purchase agreement"), [_("Item"), _("Value")], rows)


def obligations_section(case: Case) -> Section:
    changes = ObligationChange.objects.filter(obligation__case=case).select_related(
        "obligation", "actor"
    )
    rows = [
        [
            str(c.obligation),
            _text(c.at),
            f"{c.from_status or '-'} → {c.to_status}",
            _text(c.due_on),
            _who(c.actor),
            _text(c.reason),
        ]
        for c in changes.order_by("obligation__due_on", "obligation_id", "at", "pk")
    ]
    return Section(
        "obligations",
        _("Obligations and their history"),
        [_("Obligation"), _("When"), _("Status"), _("Due on"), _("By"), _("Reason")],
        rows,
    )


def evidence_section(case: Case) -> Section:
    evidence = Evidence.objects.filter(notice__case=case).select_related("notice", "item")
    rows = [
        [
            str(e.notice.number),
            str(e.item),
            e.get_kind_display(),
            _text(e.description),
            _text(e.amount),
            _text(e.invoice_date),
            _text(e.uploaded_at),
            e.file.name.rsplit("/", 1)[-1] if e.file else "-",
        ]
        for e in evidence.order_by("notice__number", "item__number", "pk")
    ]
    for check in BrpCheck.objects.filter(case=case).select_related("checked_by"):
        rows.append(
            [
                "-",
                _("Registration (BRP)"),
                check.get_result_display(),
                f"{check.source} ({_who(check.checked_by)})",
                "-",
                _text(check.checked_on),
                _text(check.recorded_at),
                "-",
            ]
        )
    return Section(
        "evidence",
        _("Evidence"),
        [
            _("Notice"),
            _("PvE item"),
            _("Kind"),
            _("Description"),
            _("Amount"),
            _("Date"),
            _("Recorded at"),
            _("File"),
        ],
        rows,
    )


def inspections_section(case: Case) -> Section:
    results = InspectionResult.objects.filter(inspection__notice__case=case).select_related(
        "inspection__notice", "inspection__inspector", "item"
    )
    rows = [
        [
            str(r.inspection.notice.number),
            _text(r.inspection.scheduled_for),
            _text(r.inspection.performed_on),
            _who(r.inspection.inspector),
            str(r.item),
            r.get_result_display(),
            _text(r.remark),
        ]
        for r in results.order_by("inspection__scheduled_for", "item__number")
    ]
    for notice in case.notices.exclude(status=rules.DRAFT).order_by("number"):
        rows.append(
            [
                str(notice.number),
                _text(notice.submitted_at),
                _text(notice.decided_at),
                _who(notice.decided_by),
                _("Decision"),
                notice.get_status_display(),
                _text(notice.reasons),
            ]
        )
    return Section(
        "inspections",
        _("Completion notices and inspections"),
        [
            _("Notice"),
            _("Appointment / submitted"),
            _("Inspected / decided"),
            _("By"),
            _("PvE item"),
            _("Result"),
            _("Remark"),
        ],
        rows,
    )


def case_letters(case: Case):
    """Every letter of the sale: about its application, its contract or its aftercare (the
    decisions on exemption requests and the notices of default)."""
    contract = case.contract
    related = ContentType.objects.get_for_model
    return Letter.objects.filter(
        Q(application_id=contract.application_id)
        | Q(related_type=related(Contract), related_id=contract.pk)
        | Q(
            related_type=related(Exemption),
            related_id__in=case.exemptions.values("pk"),
        )
        | Q(
            related_type=related(DefaultNotice),
            related_id__in=case.default_notices.values("pk"),
        )
    ).order_by("created_at", "pk")


def letters_section(case: Case) -> Section:
    rows = [
        [
            letter.get_kind_display(),
            _text(letter.data.get("head", {}).get("date")),
            _text(letter.data.get("head", {}).get("reference")),
            _text(letter.recipient),
            _text(letter.sha256),
        ]
        for letter in case_letters(case)
    ]
    return Section(
        "letters",
        _("Letters"),
        [_("Kind"), _("Date"), _("Reference"), _("Recipient"), _("SHA-256")],
        rows,
    )


def default_notices_section(case: Case) -> Section:
    rows = [
        [
            _text(notice.sent_on),
            str(notice.obligation),
            _text(notice.due_on),
            notice.get_method_display(),
            _text(notice.comply_by),
            _text(notice.facts),
            _text(notice.letter.sha256 if notice.letter_id else None),
        ]
        for notice in case.default_notices.select_related("obligation", "letter").order_by(
            "sent_on", "pk"
        )
    ]
    return Section(
        "default_notices",
        _("Notices of default"),
        [
            _("Sent on"),
            _("Obligation"),
            _("Due on"),
            _("Sent by"),
            _("Comply by"),
            _("Facts"),
            _("Letter (SHA-256)"),
        ],
        rows,
    )


def penalty_claims_section(case: Case) -> Section:
    rows = []
    for claim in case.penalty_claims.select_related("obligation", "resale").order_by(
        "claimed_at", "pk"
    ):
        computation = ", ".join(f"{k}: {v}" for k, v in claim.computation.items())
        rows.append(
            [
                _text(claim.claimed_at),
                str(claim.obligation) if claim.obligation_id else _("Resale"),
                _text(claim.amount),
                claim.get_status_display(),
                _text(claim.amount_due),
                _("paid on %(day)s: %(amount)s")
                % {"day": _text(claim.paid_on), "amount": _text(claim.paid_amount)},
                _text(claim.reasons),
                computation,
            ]
        )
    return Section(
        "penalty_claims",
        _("Penalty claims"),
        [
            _("Claimed"),
            _("Breach"),
            _("Amount claimed"),
            _("Status"),
            _("Amount due"),
            _("Payment"),
            _("Reasons"),
            _("Computation"),
        ],
        rows,
    )


def decisions_section(case: Case) -> Section:
    rows = []
    for exemption in case.exemptions.select_related("obligation").order_by("requested_at", "pk"):
        rows.append(
            [
                _text(exemption.requested_at),
                exemption.get_ground_display(),
                _text(exemption.obligation),
                _("Requested"),
                _who(exemption.requested_by),
                exemption.explanation,
            ]
        )
        for change in ExemptionChange.objects.filter(exemption=exemption).select_related("actor"):
            rows.append(
                [
                    _text(change.at),
                    exemption.get_ground_display(),
                    _text(exemption.get_outcome_display()),
                    f"{change.from_status} → {change.to_status}",
                    _who(change.actor),
                    _text(change.reason),
                ]
            )
    return Section(
        "decisions",
        _("Decisions on exemptions"),
        [_("When"), _("Ground"), _("Obligation / outcome"), _("Step"), _("By"), _("Reasons")],
        rows,
    )


def resales_section(case: Case) -> Section:
    rows = []
    for report in case.resale_reports.select_related("reported_by", "decided_by"):
        rows.append(
            [
                _text(report.reported_at),
                _("Reported by %(who)s") % {"who": report.get_reporter_display()},
                _text(report.sold_on),
                _text(report.price),
                f"{report.get_status_display()} ({report.notary_name})",
                _text(report.reasons),
            ]
        )
    for resale in case.resales.select_related("recorded_by"):
        computation = ", ".join(f"{k}: {v}" for k, v in resale.computation.items())
        rows.append(
            [
                _text(resale.recorded_at),
                resale.get_verdict_display(),
                _text(resale.sold_on),
                _text(resale.price),
                _("payment due %(amount)s, paid on %(day)s")
                % {"amount": resale.payment_due, "day": _text(resale.paid_on)},
                computation,
            ]
        )
    return Section(
        "resales",
        _("Resales"),
        [_("When"), _("What"), _("Date of the deed"), _("Price"), _("Payment"), _("Computation")],
        rows,
    )


def release_section(case: Case) -> Section:
    rows = []
    for change in ReleaseChange.objects.filter(release__case=case).select_related(
        "release__statement", "actor"
    ):
        statement = change.release.statement
        rows.append(
            [
                _text(change.at),
                change.release.get_basis_display(),
                f"{change.from_status or '-'} → {change.to_status}",
                _who(change.actor),
                _text(change.reason),
                f"{statement.data['head']['reference']} {statement.sha256}"
                if statement and change.to_status == rules.APPROVED
                else "-",
            ]
        )
    return Section(
        "release",
        _("Release"),
        [_("When"), _("Basis"), _("Step"), _("By"), _("Note"), _("Statement (reference, SHA-256)")],
        rows,
    )


def history_section(case: Case) -> Section:
    return Section(
        "history",
        _("History of the home"),
        [_("When"), _("What"), _("By"), _("Detail")],
        [[_text(e["at"]), e["what"], e["who"], e["detail"]] for e in case_history(case)],
    )


# The dossier, in order. A section more (penalty claims, notices of default) is one function.
SECTIONS = [
    contract_section,
    obligations_section,
    evidence_section,
    inspections_section,
    letters_section,
    decisions_section,
    default_notices_section,
    penalty_claims_section,
    resales_section,
    release_section,
    history_section,
]


def case_history(case: Case) -> list[dict]:
    """The home's history after the sale, every appended record in time order: obligation,
    notice, exemption and release changes, reports, checks, resales and letters."""
    events = []

    def add(at, what, who, detail=""):
        events.append({"at": at, "what": str(what), "who": who, "detail": _text(detail)})

    for c in ObligationChange.objects.filter(obligation__case=case).select_related(
        "obligation", "actor"
    ):
        add(
            c.at, f"{c.obligation}: {c.from_status or '-'} → {c.to_status}", _who(c.actor), c.reason
        )
    for c in NoticeChange.objects.filter(notice__case=case).select_related("notice", "actor"):
        add(
            c.at,
            _("Completion notice %(n)s: %(step)s")
            % {"n": c.notice.number, "step": f"{c.from_status or '-'} → {c.to_status}"},
            _who(c.actor),
            c.reason,
        )
    for r in ProgressReport.objects.filter(case=case).select_related("created_by"):
        add(r.reported_at, _("Progress report"), _who(r.created_by), r.text)
    for b in BrpCheck.objects.filter(case=case).select_related("checked_by"):
        add(b.recorded_at, _("BRP check"), _who(b.checked_by), b.get_result_display())
    for e in case.exemptions.select_related("requested_by"):
        add(e.requested_at, _("Exemption requested"), _who(e.requested_by), e.get_ground_display())
    for c in ExemptionChange.objects.filter(exemption__case=case).select_related("actor"):
        add(
            c.at,
            _("Exemption: %(step)s") % {"step": f"{c.from_status} → {c.to_status}"},
            _who(c.actor),
            c.reason,
        )
    for n in case.default_notices.select_related("obligation", "created_by"):
        add(
            n.created_at,
            _("Notice of default: %(obligation)s") % {"obligation": n.obligation},
            _who(n.created_by),
            _("sent on %(day)s by %(method)s; comply by %(until)s")
            % {"day": n.sent_on, "method": n.get_method_display(), "until": n.comply_by},
        )
    for c in PenaltyClaimChange.objects.filter(claim__case=case).select_related("actor"):
        add(
            c.at,
            _("Penalty claim: %(step)s") % {"step": f"{c.from_status or '-'} → {c.to_status}"},
            _who(c.actor),
            f"{c.amount_due} {c.reason}".strip(),
        )
    for r in case.resale_reports.select_related("reported_by", "decided_by"):
        add(r.reported_at, _("Resale reported"), _who(r.reported_by), f"{r.sold_on} {r.price}")
        if r.decided_at:
            add(r.decided_at, r.get_status_display(), _who(r.decided_by), r.reasons)
    for s in case.resales.select_related("recorded_by"):
        add(s.recorded_at, _("Resale recorded"), _who(s.recorded_by), s.get_verdict_display())
    for c in ReleaseChange.objects.filter(release__case=case).select_related("actor"):
        add(
            c.at,
            _("Release: %(step)s") % {"step": f"{c.from_status or '-'} → {c.to_status}"},
            _who(c.actor),
            c.reason,
        )
    for letter in case_letters(case):
        add(letter.created_at, letter.get_kind_display(), _("the portal"), letter.sha256)
    return sorted(events, key=lambda e: e["at"])


def dossier_context(case: Case) -> dict:
    return {
        "case": case,
        "made_at": timezone.now(),
        "sections": [build(case) for build in SECTIONS],
    }


def dossier_pdf(case: Case) -> bytes:
    """The dossier as PDF, in Dutch (the language of the court file)."""
    with override("nl"):
        html = render_to_string("pdf/court_dossier.html", dossier_context(case))
    return pdf.render_pdf(html)
