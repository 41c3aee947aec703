"""Demo section: aftercare at every stage, recorded through the services at its own moments.

After the sale (2): an extension granted and one refused (each with its decision letter and
the buyer's document), a notice of default whose term runs, and a late registration whose
penalty was claimed, moderated by two staff members and paid.

The pilot round's two homes were transferred about two months ago: one just transferred, one
with its renovation under way and reported. The earlier round's five homes were transferred about
two years ago, so their completion is due around now: a notice awaiting inspection, one
rejected with defects (its repair term running), one accepted and occupied (registered at the
address, checked in the BRP, photos shared in the catalogue), one overdue, one that counts as
accepted because nobody inspected it in time. Each step travels to its moment
(`time_machine`), so every date, history row and mail record agrees.
"""

import io
from datetime import timedelta
from decimal import Decimal

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw
from pypdf import PdfWriter

from aftercare import exemptions, penalties, release, rules, services
from aftercare.models import Case, DefaultNotice, Evidence
from klushuis.accounts.models import User
from klushuis.demo.applications import NOTARY_EMAIL
from klushuis.demo.organisations import BUYER_PASSWORD
from klushuis.demo.properties.homes import local

STAFF_EMAIL = "verkoop@stadsherstel.test"
# The second authorised person for four-eyes approvals (issue #16).
SECOND_EMAIL = "medewerker@havenstad.test"
COLOURS = ["#8c6d4f", "#5b7c99", "#7a9a5b", "#b5651d", "#6b5b95", "#c0a062"]


def _photo(text: str, colour: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (960, 640), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 200, 900, 600), outline="white", width=8)
    draw.text((80, 80), text, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def _at(days: int, hour: int = 10):
    return local(timezone.localdate() + timedelta(days=days), hour, 0)


def _notice(case, *, days: int, skip: int = 0):
    """A completion notice with a photo per PvE item (and one invoice), submitted `days`
    from today (negative: in the past); `skip` items without evidence."""
    with time_machine.travel(_at(days - 1, 19), tick=False):
        notice = services.notice_draft(case=case, actor=case.buyer)
        items = list(case.items.all())
        for index, item in enumerate(items[: len(items) - skip]):
            services.evidence_add(
                notice=notice,
                actor=case.buyer,
                item=item,
                kind=Evidence.Kind.PHOTO,
                upload=_photo(item.title, COLOURS[index % len(COLOURS)]),
                description="Na de renovatie",
            )
        services.evidence_add(
            notice=notice,
            actor=case.buyer,
            item=items[0],
            kind=Evidence.Kind.INVOICE,
            upload=_photo("Factuur aannemer", "#444444"),
            description="Aannemer Van Dijk & Zn.",
            amount="38650.00",
            invoice_date=timezone.localdate() - timedelta(days=10),
        )
    with time_machine.travel(_at(days, 9), tick=False):
        return services.notice_submit(
            notice=notice, actor=case.buyer, remarks="Alles is klaar; de sleutel ligt bij de buren."
        )


def _inspect(case, notice, staff, *, days: int, accept: bool, repair_days: int = 0):
    with time_machine.travel(_at(days - 7, 11), tick=False):
        inspection = services.inspection_schedule(
            notice=notice, actor=staff, scheduled_for=_at(days, 10)
        )
    items = list(case.items.all())
    results = {item.pk: (rules.MET_ITEM, "In orde") for item in items}
    if not accept:
        results[items[0].pk] = (rules.NOT_MET_ITEM, "Scheuren in de fundering niet hersteld")
        results[items[3].pk] = (rules.NOT_MET_ITEM, "Keuringsrapport elektra ontbreekt")
    with time_machine.travel(_at(days, 15), tick=False):
        return services.inspection_record(
            inspection=inspection,
            actor=staff,
            performed_on=timezone.localdate(),
            results=results,
            accept=accept,
            defects="" if accept else "Fundering herstellen; keuringsrapport elektra aanleveren.",
            repair_by=None if accept else timezone.localdate() + timedelta(days=repair_days),
        )


def _start(case, *, days_after_transfer: int, text: str):
    day = case.transfer_date + timedelta(days=days_after_transfer)
    with time_machine.travel(local(day, 20, 0), tick=False):
        services.progress_report_add(case=case, actor=case.buyer, text=text, started_on=day)


def _pdf(title: str) -> SimpleUploadedFile:
    """A one-page PDF standing in for a scanned document."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile("document.pdf", buffer.getvalue(), content_type="application/pdf")


def _default_and_penalty(overdue, deemed, staff, second) -> None:
    """A notice of default whose term still runs (the overdue completion), and one for the
    registration at the address whose term passed: the penalty claimed from its computation,
    moderated with a second authorised person's approval, and paid (issue #16)."""
    completion = overdue.obligations.get(kind=rules.COMPLETION)
    with time_machine.travel(_at(-3, 11), tick=False):
        penalties.default_notice_send(
            obligation=completion,
            actor=staff,
            facts="Bij het bezoek van "
            f"{(timezone.localdate() - timedelta(days=10)).strftime('%d-%m-%Y')} bleek de "
            "renovatie niet voltooid: de gevels en kozijnen zijn niet vernieuwd en de woning is "
            "niet bewoonbaar. Een gereedmelding is niet ontvangen.",
            method=DefaultNotice.Method.REGISTERED_POST,
            sent_on=timezone.localdate(),
        )
    registration = deemed.obligations.get(kind=rules.BRP_REGISTRATION)
    sent = registration.due_on + timedelta(days=5)
    with time_machine.travel(local(sent, 11, 0), tick=False):
        notice = penalties.default_notice_send(
            obligation=registration,
            actor=staff,
            facts="Volgens de BRP staat niemand op het adres van de woning ingeschreven, "
            "terwijl de termijn voor inschrijving is verstreken.",
            method=DefaultNotice.Method.EMAIL,
            sent_on=timezone.localdate(),
        )
    with time_machine.travel(local(notice.comply_by + timedelta(days=12), 10, 0), tick=False):
        claim = penalties.penalty_claim_record(case=deemed, actor=staff, notice=notice)
    due = claim.amount
    if second is not None:
        with time_machine.travel(local(notice.comply_by + timedelta(days=13), 10, 0), tick=False):
            claim = penalties.penalty_claim_propose(
                claim=claim,
                actor=staff,
                proposal=rules.REDUCE,
                amount=Decimal(2500),
                reasons="Koper heeft zich alsnog ingeschreven en woont er; een boete van "
                "de volle omvang staat niet in verhouding tot de tekortkoming (art. 6:94 BW).",
            )
            claim = penalties.penalty_claim_approve(claim=claim, actor=second)
        due = claim.amount_due
    with time_machine.travel(local(notice.comply_by + timedelta(days=30), 14, 0), tick=False):
        penalties.penalty_claim_pay(
            claim=claim, actor=staff, paid_on=timezone.localdate(), amount=due
        )


def build(demo) -> None:
    staff = User.objects.get(email=STAFF_EMAIL)
    pilot = [Case.objects.get(contract=c) for c in demo.objects.get("havenstad-pilot", [])]
    earlier = [Case.objects.get(contract=c) for c in demo.objects.get("havenstad-eerder", [])]
    if len(pilot) < 2 or len(earlier) < 5:
        return
    stages = {}
    # The pilot: just transferred; and under way, with a start and a progress report.
    stages["just transferred"] = pilot[0]
    _start(pilot[1], days_after_transfer=20, text="De sloop is begonnen; de oude keuken is eruit.")
    with time_machine.travel(_at(-10, 21), tick=False):
        services.progress_report_add(
            case=pilot[1], actor=pilot[1].buyer, text="Het dak is vernieuwd en waterdicht."
        )
    stages["renovation under way, progress reported"] = pilot[1]

    awaiting, rejected, occupied, overdue, deemed = earlier
    for case in earlier:
        _start(case, days_after_transfer=60, text="De aannemer is begonnen met de fundering.")
    # Submitted 40 days ago: the inspection term runs two more days; the appointment is made.
    notice = _notice(awaiting, days=-40)
    with time_machine.travel(_at(-3, 9), tick=False):
        services.inspection_schedule(notice=notice, actor=staff, scheduled_for=_at(1, 10))
    # A request waiting for staff: the four-eyes path to walk in the running portal.
    with time_machine.travel(_at(-2, 20), tick=False):
        exemptions.exemption_request(
            case=awaiting,
            actor=awaiting.buyer,
            ground=rules.WORK_ELSEWHERE,
            explanation="Ik kan per 1 maart in Groningen aan de slag; ik vraag ontheffing van "
            "de zelfbewoning.",
        )
    stages["completion notice awaiting inspection; exemption requested"] = awaiting
    # Rejected with two defects two months ago; the repair term runs 45 more days.
    notice = _notice(rejected, days=-90)
    _inspect(rejected, notice, staff, days=-60, accept=False, repair_days=105)
    stages["rejected with defects (repair term running)"] = rejected
    # Accepted half a year ago, registered at the address, checked in the BRP, photos shared.
    notice = _notice(occupied, days=-200)
    _inspect(occupied, notice, staff, days=-185, accept=True)
    with time_machine.travel(_at(-178, 20), tick=False):
        services.registration_confirm(
            case=occupied, actor=occupied.buyer, registered_on=timezone.localdate() - timedelta(2)
        )
        services.photo_consent_set(case=occupied, actor=occupied.buyer, consent=True)
    with time_machine.travel(_at(-150, 14), tick=False):
        services.brp_check_record(
            case=occupied,
            actor=staff,
            checked_on=timezone.localdate(),
            source="BRP-bevraging via de basisregistratie van Havenstad",
            result="registered",
        )
    stages["accepted and occupied"] = occupied
    # Overdue: started, then silence; the completion deadline has passed.
    with time_machine.travel(_at(-120, 21), tick=False):
        services.progress_report_add(
            case=overdue, actor=overdue.buyer, text="Het werk ligt stil; de aannemer is failliet."
        )
    # An extension asked for on financial distress, refused with reasons by one staff member.
    with time_machine.travel(_at(-100, 20), tick=False):
        asked = exemptions.exemption_request(
            case=overdue,
            actor=overdue.buyer,
            ground=rules.FINANCIAL_DISTRESS,
            explanation="Mijn aannemer is failliet en ik moet een nieuwe zoeken.",
            obligation=overdue.obligations.get(kind=rules.COMPLETION),
            documents=[_pdf("Faillissementsvonnis aannemer")],
        )
    with time_machine.travel(_at(-90, 11), tick=False):
        exemptions.exemption_propose(
            exemption=asked,
            actor=staff,
            outcome=rules.REFUSAL,
            reasons="Een faillissement van de aannemer is geen financiele nood van de koper; "
            "er zijn geen stukken overgelegd.",
        )
    stages["overdue, extension refused (with its letter), notice of default running"] = overdue
    # An extension on illness: proposed by one, approved by a second authorised person.
    second = User.objects.filter(email=SECOND_EMAIL).first()
    if second is not None:
        completion = pilot[1].obligations.get(kind=rules.COMPLETION)
        with time_machine.travel(_at(-6, 19), tick=False):
            asked = exemptions.exemption_request(
                case=pilot[1],
                actor=pilot[1].buyer,
                ground=rules.ILLNESS,
                explanation="Na een rugoperatie kan ik drie maanden niet zelf klussen.",
                obligation=completion,
                documents=[_pdf("Verklaring behandelend arts")],
            )
        with time_machine.travel(_at(-4, 10), tick=False):
            proposed = exemptions.exemption_propose(
                exemption=asked,
                actor=staff,
                outcome=rules.NEW_DEADLINE,
                reasons="Medische verklaring overgelegd; drie maanden uitstel is redelijk.",
                new_due_on=completion.due_on + timedelta(days=90),
            )
        with time_machine.travel(_at(-3, 15), tick=False):
            exemptions.exemption_approve(exemption=proposed, actor=second)
        stages.pop("renovation under way, progress reported")
        stages["renovation under way, extension granted (with its letter)"] = pilot[1]
    # Submitted 120 days ago, never inspected: counts as accepted since the term's last day.
    _notice(deemed, days=-120)
    with time_machine.travel(_at(-77, 6), tick=False):
        services.aftercare_apply_due(case=deemed)
    _default_and_penalty(overdue, deemed, staff, second)
    stages["deemed accepted; registration late: notice of default, penalty claimed and paid"] = (
        deemed
    )
    if second is not None:
        _after_the_sale(occupied, deemed, staff, second, stages)
    services.aftercare_apply_due()
    # The reminders and escalations earned by today, recorded once (the demo's mail goes nowhere).
    services.reminders_send()
    for stage, case in stages.items():
        demo.logins.insert(-1, (f"buyer, aftercare: {stage}", case.buyer.email, BUYER_PASSWORD))


def _granted(case, staff, second, *, days: int, ground, outcome, explanation, reasons):
    with time_machine.travel(_at(days, 20), tick=False):
        asked = exemptions.exemption_request(
            case=case, actor=case.buyer, ground=ground, explanation=explanation
        )
    with time_machine.travel(_at(days + 3, 10), tick=False):
        proposed = exemptions.exemption_propose(
            exemption=asked, actor=staff, outcome=outcome, reasons=reasons
        )
    with time_machine.travel(_at(days + 4, 15), tick=False):
        return exemptions.exemption_approve(exemption=proposed, actor=second)


def _after_the_sale(occupied, deemed, staff, second, stages) -> None:
    """A resale within the anti-speculation period, reported by the notary and confirmed by
    staff with its payment computed (not yet paid: record it, then propose the release); and a
    home released after an exemption, with its release statement (issue #16)."""
    _granted(
        occupied,
        staff,
        second,
        days=-60,
        ground=rules.WORK_ELSEWHERE,
        outcome=rules.RELEASE_WITH_PAYMENT,
        explanation="Ik ga in Singapore werken en moet de woning verkopen.",
        reasons="Werk in het buitenland aangetoond met een arbeidsovereenkomst; vrijstelling "
        "tegen betaling van het winstdeel.",
    )
    notary = User.objects.filter(email=NOTARY_EMAIL).first()
    reporter = notary if notary is not None else occupied.buyer
    with time_machine.travel(_at(-12, 16), tick=False):
        report = release.resale_report(
            case=occupied,
            actor=reporter,
            sold_on=timezone.localdate() - timedelta(days=2),
            price=Decimal("389000.00"),
            notary_name="mr. P. Kade, Notariskantoor Kade, Havenstad",
        )
    with time_machine.travel(_at(-10, 10), tick=False):
        release.resale_report_confirm(report=report, actor=staff)
    del stages["accepted and occupied"]
    stages["resale reported by the notary, payment computed"] = occupied
    _granted(
        deemed,
        staff,
        second,
        days=-40,
        ground=rules.PARTNER_DIED,
        outcome=rules.RELEASE_WITHOUT_PAYMENT,
        explanation="Mijn partner is overleden; ik kan de woning niet alleen bewonen.",
        reasons="Overlijden van de partner; de renovatie is voltooid. Vrijstelling zonder "
        "betaling.",
    )
    with time_machine.travel(_at(-30, 10), tick=False):
        proposed = release.release_propose(
            case=deemed, actor=staff, note="Ontheffing verleend; alle termijnen vervallen."
        )
    with time_machine.travel(_at(-29, 14), tick=False):
        release.release_approve(release=proposed, actor=second)
    del stages["deemed accepted; registration late: notice of default, penalty claimed and paid"]
    stages["penalty paid, then released after an exemption (release statement)"] = deemed


def known_logins() -> list[tuple[str, str, str]]:
    cases = Case.objects.select_related("buyer").order_by("transfer_date", "pk")
    return [("buyer, aftercare", case.buyer.email, BUYER_PASSWORD) for case in cases[:7]]
