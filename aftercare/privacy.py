"""Aftercare's personal data for klushuis.privacy (issue 17). Registered in `apps.py`.

What the portal records after the sale (obligations, progress reports, the completion notice
with its photos, certificates and invoices, inspections, BRP checks: who checked, when, from
which source, with what result, never a BSN) belongs to the purchase agreement's file: a
municipal record, kept and destroyed with it. So it has no retention of its own: it is shown in
the privacy statement, handed to the buyer in their download, named as kept when they ask for
deletion, and destroyed with the contract file when an approved destruction list reaches it
(a companion of `contracts.privacy.CONTRACT_FILES`, run before the contract goes).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aftercare.models import (
    BrpCheck,
    Case,
    CompletionNotice,
    DefaultNotice,
    Evidence,
    Exemption,
    ExemptionChange,
    ExemptionDocument,
    Inspection,
    InspectionResult,
    NoticeChange,
    Obligation,
    ObligationChange,
    PenaltyClaim,
    PenaltyClaimChange,
    ProgressReport,
    Release,
    ReleaseChange,
    RequirementItem,
    Resale,
    ResaleReport,
    SentMail,
)
from contracts.models import Letter
from contracts.privacy import CONTRACT_FILES
from klushuis.privacy import registry
from klushuis.privacy.services import files_forget

AFTERCARE = "aftercare"


def _letters(case):
    """The case's letters in the archive: decisions on exemptions, notices of default."""
    exemptions = Exemption.objects.filter(case=case)
    notices = DefaultNotice.objects.filter(case=case)
    return Letter.objects.filter(
        Q(
            related_type=ContentType.objects.get_for_model(Exemption),
            related_id__in=exemptions.values("pk"),
        )
        | Q(
            related_type=ContentType.objects.get_for_model(DefaultNotice),
            related_id__in=notices.values("pk"),
        )
    )


def _after_the_sale_destroy(case) -> int:
    """Remove a case's exemptions (with the buyer's documents), resales, notices of default,
    penalty claims and their letters in the archive (issue #16). Returns the files removed."""
    exemptions = Exemption.objects.filter(case=case)
    notices = DefaultNotice.objects.filter(case=case)
    letters = list(_letters(case))
    documents = list(ExemptionDocument.objects.filter(exemption__in=exemptions))
    files_forget(*(d.file for d in documents), *(letter.pdf for letter in letters))
    claims = PenaltyClaim.objects.filter(case=case)
    PenaltyClaimChange.objects.filter(claim__in=claims).delete()
    claims.delete()
    notices.delete()  # before their letters, which they point at
    for letter in letters:
        letter.delete()
    ExemptionDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()
    ExemptionChange.objects.filter(exemption__in=exemptions).delete()
    exemptions.delete()
    Resale.objects.filter(case=case).delete()
    return len(documents) + len(letters)


def case_destroy(contract_pks: list) -> dict:
    """Remove the aftercare of these contracts, rows and files (inside the destroying
    transaction, children first). Returns {contract pk: counts}."""
    counts: dict = {}
    for case in Case.objects.select_for_update().filter(contract_id__in=contract_pks):
        notices = CompletionNotice.objects.filter(case=case)
        evidence = list(Evidence.objects.filter(notice__in=notices))
        results = list(InspectionResult.objects.filter(inspection__notice__in=notices))
        files_forget(*(e.file for e in evidence), *(r.photo for r in results))
        # After the sale (2): releases (their statement letters go with the contract's
        # letters afterwards) and resale reports first, as they point at exemptions and
        # resales; then exemptions, notices, claims and resales with their files.
        ReleaseChange.objects.filter(release__case=case).delete()
        Release.objects.filter(case=case).delete()
        ResaleReport.objects.filter(case=case).delete()
        letters = _after_the_sale_destroy(case)
        obligations = Obligation.objects.filter(case=case)
        SentMail.objects.filter(obligation__in=obligations).delete()
        ObligationChange.objects.filter(obligation__in=obligations).delete()
        # An obligation may point at the notice that met it: the obligations go first.
        obligations.delete()
        InspectionResult.objects.filter(pk__in=[r.pk for r in results]).delete()
        Inspection.objects.filter(notice__in=notices).delete()
        Evidence.objects.filter(pk__in=[e.pk for e in evidence]).delete()
        NoticeChange.objects.filter(notice__in=notices).delete()
        notices.delete()
        ProgressReport.objects.filter(case=case).delete()
        BrpCheck.objects.filter(case=case).delete()
        RequirementItem.objects.filter(case=case).delete()
        counts[case.contract_id] = {"aftercare_files": len(evidence) + len(results) + letters}
        case.delete()
    return counts


def _export(user):
    sections = []
    cases = Case.objects.filter(buyer=user).select_related("property", "contract")
    for case in cases:
        files = []
        for evidence in Evidence.objects.filter(notice__case=case).select_related("item"):
            if evidence.file:
                name = evidence.file.name.rsplit("/", 1)[-1]
                files.append((f"nazorg/{case.contract.reference}/{name}", evidence.file))
        # After the sale (2): the buyer's documents and the letters sent to them.
        for document in ExemptionDocument.objects.filter(exemption__case=case):
            name = document.file.name.rsplit("/", 1)[-1]
            files.append((f"nazorg/{case.contract.reference}/ontheffing/{name}", document.file))
        for letter in _letters(case):
            if letter.pdf:
                name = letter.pdf.name.rsplit("/", 1)[-1]
                files.append((f"nazorg/{case.contract.reference}/brieven/{name}", letter.pdf))
        obligations = [
            {
                "kind": o.kind,
                "due_on": o.due_on.isoformat() if o.due_on else None,
                "status": o.status,
            }
            for o in Obligation.objects.filter(case=case).order_by("due_on", "pk")
        ]
        sections.append(
            registry.ExportSection(
                title=f"{_('Aftercare')} {case.property}",
                rows=[
                    (_("Transfer date"), case.transfer_date.isoformat()),
                    (_("Completion accepted on"), str(case.accepted_on or "-")),
                    (_("Registered at the address on"), str(case.registered_on or "-")),
                    (
                        _("Before/after photos may be shown"),
                        _("yes") if case.photo_consent else _("no"),
                    ),
                ],
                data={
                    "contract": case.contract.reference,
                    "transfer_date": case.transfer_date.isoformat(),
                    "accepted_on": case.accepted_on.isoformat() if case.accepted_on else None,
                    "registered_on": case.registered_on.isoformat() if case.registered_on else None,
                    "photo_consent": case.photo_consent,
                    "obligations": obligations,
                    "progress_reports": [
                        {"reported_at": p.reported_at.isoformat(), "text": p.text}
                        for p in ProgressReport.objects.filter(case=case)
                    ],
                    "brp_checks": [
                        {"checked_on": str(b.checked_on), "source": b.source, "result": b.result}
                        for b in BrpCheck.objects.filter(case=case)
                    ],
                    "exemptions": [
                        {
                            "requested_at": e.requested_at.isoformat(),
                            "ground": e.ground,
                            "explanation": e.explanation,
                            "status": e.status,
                            "outcome": e.outcome,
                            "reasons": e.reasons,
                            "new_due_on": str(e.new_due_on) if e.new_due_on else None,
                        }
                        for e in Exemption.objects.filter(case=case)
                    ],
                    "notices_of_default": [
                        {
                            "obligation": n.obligation.kind,
                            "facts": n.facts,
                            "method": n.method,
                            "sent_on": str(n.sent_on),
                            "comply_by": str(n.comply_by),
                        }
                        for n in DefaultNotice.objects.filter(case=case).select_related(
                            "obligation"
                        )
                    ],
                    "penalty_claims": [
                        {
                            "claimed_at": c.claimed_at.isoformat(),
                            "amount": str(c.amount),
                            "status": c.status,
                            "amount_due": str(c.amount_due),
                            "paid_on": str(c.paid_on) if c.paid_on else None,
                        }
                        for c in PenaltyClaim.objects.filter(case=case)
                    ],
                },
                files=files,
            )
        )
    return sections


def _kept_for_user(user):
    return [
        _(
            "The aftercare of %(home)s (obligations, reports, evidence, inspections): part of the "
            "purchase agreement's file, kept and destroyed with it."
        )
        % {"home": case.property}
        for case in Case.objects.filter(buyer=user).select_related("property")
    ]


def register():
    registry.COMPANIONS.register(CONTRACT_FILES, case_destroy)
    registry.register(
        registry.Category(
            key=AFTERCARE,
            label=_("Renovation and occupancy after the sale (aftercare)"),
            purpose=_(
                "Following the obligations of the purchase agreement: the renovation to the "
                "programme of requirements within its deadlines, its inspection, living in the "
                "home yourself (registration at the address), with reminders by e-mail."
            ),
            legal_basis=_(
                "Performance of a contract (AVG art. 6(1)(b)) and a legal obligation to keep "
                "municipal records (art. 6(1)(c); Archiefwet 1995). No citizen service number "
                "(BSN) is recorded: a registration check records only who checked, when, the "
                "source and the result."
            ),
            recipients=_(
                "The municipality, the advisory bureau by its mandate and the inspector acting "
                "for them. Before and after photos are shown publicly only while the buyer "
                "agrees, and the buyer can withdraw that at any time."
            ),
            retention_text=lambda r: (
                _(
                    "Part of the purchase agreement's file: kept and destroyed with it, never "
                    "sooner than %(years)d years after the buyer's release."
                )
                % {"years": r.contract_years_after_release}
            ),
            retention_fields=("contract_years_after_release",),
            export=_export,
            kept_for_user=_kept_for_user,
            order=25,
        )
    )
