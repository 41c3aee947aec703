"""Aftercare from the transfer to accepted completion and occupancy, through the services."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from aftercare import rules, selectors, services
from aftercare.models import Case, Evidence, ObligationChange, SentMail
from properties.models import Property


def photo(name="foto.jpg", fmt="JPEG", exif=True):
    image = Image.new("RGB", (40, 30), "green")
    buffer = io.BytesIO()
    kwargs = {}
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x8825] = {2: (52.0, 22.0, 1.0)}  # GPSInfo: a location
        data[0x010F] = "PhoneMaker"
        kwargs["exif"] = data
    image.save(buffer, fmt, **kwargs)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "HEIF": "image/heic"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def kinds(case):
    return [(o.kind, o.status) for o in case.obligations.order_by("due_on", "pk")]


def fill_notice(case, buyer):
    notice = services.notice_draft(case=case, actor=buyer)
    for item in case.items.all():
        services.evidence_add(
            notice=notice, actor=buyer, item=item, kind=Evidence.Kind.PHOTO, upload=photo()
        )
    return notice


def test_the_transfer_starts_the_aftercare_with_the_contracts_terms(transferred):
    case = Case.objects.get(contract=transferred)
    assert case.property.status == "sold"
    terms = case.get_terms()
    assert (
        terms.renovation_completion_months
        == transferred.offer.sales_round.renovation_completion_months
    )
    assert terms.inspection_weeks == transferred.sent_version.data["inspection_weeks"]
    planned = rules.at_transfer(case.transfer_date, terms)
    assert [(o.kind, o.due_on) for o in case.obligations.all()] == [
        (p.kind, p.due) for p in planned
    ]
    completion = case.obligations.get(kind=rules.COMPLETION)
    assert completion.due_on == transferred.renovation_completed_by
    assert case.items.count() == 6
    # Idempotent: a second start returns the same case.
    assert services.aftercare_start(contract=transferred) == case
    assert case.obligations.count() == len(planned)


def test_a_contract_not_transferred_has_no_aftercare(accepted):
    with pytest.raises(ValidationError):
        services.aftercare_start(contract=accepted)


def test_from_notice_to_accepted_completion_and_occupancy(transferred, bureau_staff):
    case = Case.objects.get(contract=transferred)
    buyer = case.buyer
    services.progress_report_add(
        case=case, actor=buyer, text="Dak gesloopt", started_on=timezone.localdate()
    )
    assert case.obligations.get(kind=rules.RENOVATION_START).status == rules.MET
    notice = fill_notice(case, buyer)
    notice = services.notice_submit(notice=notice, actor=buyer)
    assert notice.status == rules.SUBMITTED
    assert notice.inspection_due == rules.inspection_due(timezone.localdate(), case.get_terms())
    assert selectors.worklist(bureau_staff, selectors.AWAITING_INSPECTION).count() == 1
    inspection = services.inspection_schedule(
        notice=notice, actor=bureau_staff, scheduled_for=timezone.now() + timedelta(days=1)
    )
    results = {item.pk: (rules.MET_ITEM, "") for item in case.items.all()}
    notice = services.inspection_record(
        inspection=inspection,
        actor=bureau_staff,
        performed_on=timezone.localdate(),
        results=results,
        accept=True,
    )
    case.refresh_from_db()
    assert notice.status == rules.ACCEPTED
    assert case.accepted_on == timezone.localdate()
    assert not case.deemed_accepted
    assert Property.objects.get(pk=case.property_id).status == "renovated"
    assert case.obligations.get(kind=rules.COMPLETION).status == rules.MET
    occupancy = case.obligations.get(kind=rules.OCCUPANCY)
    assert occupancy.due_on == rules.at_acceptance(case.accepted_on, case.get_terms())[1].due
    services.registration_confirm(case=case, actor=buyer, registered_on=timezone.localdate())
    assert case.obligations.get(kind=rules.BRP_REGISTRATION).status == rules.MET
    assert selectors.worklist(bureau_staff, selectors.AWAITING_BRP_CHECK).count() == 1
    services.brp_check_record(
        case=case,
        actor=bureau_staff,
        checked_on=timezone.localdate(),
        source="BRP-bevraging",
        result="registered",
    )
    assert selectors.worklist(bureau_staff, selectors.AWAITING_BRP_CHECK).count() == 0
    # History is appended for every move.
    assert ObligationChange.objects.filter(obligation__case=case, to_status=rules.MET).count() >= 4


def test_a_rejection_sets_a_repair_term_and_the_next_notice_is_a_reinspection(
    transferred, bureau_staff
):
    case = Case.objects.get(contract=transferred)
    notice = services.notice_submit(notice=fill_notice(case, case.buyer), actor=case.buyer)
    inspection = services.inspection_schedule(
        notice=notice, actor=bureau_staff, scheduled_for=timezone.now()
    )
    items = list(case.items.all())
    results = {item.pk: (rules.MET_ITEM, "") for item in items}
    results[items[0].pk] = (rules.NOT_MET_ITEM, "Fundering niet hersteld")
    with pytest.raises(ValidationError):
        services.inspection_record(
            inspection=inspection,
            actor=bureau_staff,
            performed_on=timezone.localdate(),
            results=results,
            accept=True,
        )
    repair_by = case.obligations.get(kind=rules.COMPLETION).due_on + timedelta(days=60)
    notice = services.inspection_record(
        inspection=inspection,
        actor=bureau_staff,
        performed_on=timezone.localdate(),
        results=results,
        accept=False,
        defects="Fundering",
        repair_by=repair_by,
    )
    assert notice.status == rules.REJECTED
    assert case.obligations.get(kind=rules.COMPLETION).due_on == repair_by
    second = services.notice_draft(case=case, actor=case.buyer)
    assert second.reinspection
    assert second.number == 2
    second = services.notice_submit(notice=fill_notice(case, case.buyer), actor=case.buyer)
    assert second.inspection_due == rules.inspection_due(
        timezone.localdate(), case.get_terms(), reinspection=True
    )


def test_without_inspection_in_time_the_completion_counts_as_accepted(transferred):
    case = Case.objects.get(contract=transferred)
    notice = services.notice_submit(notice=fill_notice(case, case.buyer), actor=case.buyer)
    assert services.aftercare_apply_due(case=case) == 0
    later = timezone.now() + timedelta(weeks=case.get_terms().inspection_weeks, days=1)
    with time_machine.travel(later, tick=False):
        assert services.aftercare_apply_due(case=case) == 1
    notice.refresh_from_db()
    case.refresh_from_db()
    assert notice.status == rules.DEEMED_ACCEPTED
    assert case.deemed_accepted
    assert case.accepted_on == notice.inspection_due
    assert case.obligations.get(kind=rules.INSPECTION).status == rules.LAPSED
    assert Property.objects.get(pk=case.property_id).status == "renovated"
    assert notice.history.last().reason.startswith("Niet ge") or notice.history.last().reason


def test_staff_return_an_incomplete_notice_within_their_term(transferred, bureau_staff):
    case = Case.objects.get(contract=transferred)
    notice = services.notice_draft(case=case, actor=case.buyer)
    services.evidence_add(
        notice=notice,
        actor=case.buyer,
        item=case.items.first(),
        kind=Evidence.Kind.INVOICE,
        upload=photo(),
        amount="1250.00",
        invoice_date=timezone.localdate(),
    )
    notice = services.notice_submit(notice=notice, actor=case.buyer)
    terms = case.get_terms()
    # Incomplete: the inspection term runs from the end of the return term.
    assert notice.inspection_due == rules.inspection_due(
        rules.return_by(timezone.localdate(), terms), terms
    )
    with pytest.raises(ValidationError):
        services.notice_return(notice=notice, actor=bureau_staff, reasons="")
    notice = services.notice_return(notice=notice, actor=bureau_staff, reasons="Foto's ontbreken")
    assert notice.status == rules.RETURNED
    assert case.obligations.get(kind=rules.INSPECTION).status == rules.LAPSED
    assert services.notice_draft(case=case, actor=case.buyer).number == 2


def test_evidence_photos_are_stored_as_jpeg_without_metadata(transferred):
    case = Case.objects.get(contract=transferred)
    notice = services.notice_draft(case=case, actor=case.buyer)
    item = case.items.first()
    for upload in (photo(), photo("a.png", "PNG"), photo("b.heic", "HEIF")):
        evidence = services.evidence_add(
            notice=notice, actor=case.buyer, item=item, kind=Evidence.Kind.PHOTO, upload=upload
        )
        with evidence.file.open("rb") as handle, Image.open(handle) as stored:
            assert stored.format == "JPEG"
            assert not stored.getexif()
            assert "exif" not in stored.info
    bad = SimpleUploadedFile("x.jpg", b"MZ not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.evidence_add(
            notice=notice, actor=case.buyer, item=item, kind=Evidence.Kind.PHOTO, upload=bad
        )


def test_only_the_buyer_files_and_only_staff_of_the_municipality_inspect(
    transferred, bureau_staff, outsider, auditor, other_applicant
):
    case = Case.objects.get(contract=transferred)
    with pytest.raises(ValidationError):
        services.notice_draft(case=case, actor=other_applicant)
    with pytest.raises(ValidationError):
        services.notice_draft(case=case, actor=bureau_staff)
    notice = services.notice_submit(notice=fill_notice(case, case.buyer), actor=case.buyer)
    for stranger in (outsider, auditor, case.buyer):
        with pytest.raises(ValidationError):
            services.inspection_schedule(
                notice=notice, actor=stranger, scheduled_for=timezone.now()
            )
    assert selectors.worklist(outsider, selectors.AWAITING_INSPECTION).count() == 0


def test_reminders_are_sent_once(transferred, outbox, committed):
    case = Case.objects.get(contract=transferred)
    start = case.obligations.get(kind=rules.RENOVATION_START)
    day_after = start.due_on + timedelta(days=1)
    with committed():
        assert services.reminders_send(today=start.due_on - timedelta(days=3)) == 1
    with committed():
        assert services.reminders_send(today=start.due_on - timedelta(days=2)) == 0
        assert services.reminders_send(today=day_after) == 1
        assert services.reminders_send(today=day_after) == 0
    assert SentMail.objects.filter(obligation=start).count() == 2
    assert len(outbox) >= 2
    assert any(case.buyer.email in m.to for m in outbox)


def test_a_transfer_from_before_the_aftercare_gets_its_case_from_the_sweep(transferred):
    case = Case.objects.get(contract=transferred)
    # As if the transfer happened before this app: no case yet.
    ObligationChange.objects.filter(obligation__case=case).delete()
    case.obligations.all().delete()
    case.items.all().delete()
    case.delete()
    assert services.aftercare_start_missing() == 1
    assert services.aftercare_start_missing() == 0
    assert Case.objects.get(contract=transferred).obligations.exists()
