"""The buyer's "Mijn woning" pages and the staff's case page in the management site."""

from datetime import timedelta

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from aftercare import rules
from aftercare.models import Case, CompletionNotice, Evidence
from properties.models import Property
from tests.aftercare.test_services import photo


def _case(transferred):
    return Case.objects.get(contract=transferred)


def test_the_buyer_sees_the_timeline_and_others_see_nothing(
    transferred, client_for, other_applicant
):
    case = _case(transferred)
    url = reverse("aftercare:home", args=[case.pk])
    html = client_for(case.buyer).get(url).content.decode()
    assert "Tijdlijn" in html
    assert "Renovatie afronden" in html or "Complete the renovation" in html
    assert client_for(other_applicant).get(url).status_code == 404
    detail = reverse("applications:detail", args=[transferred.application.reference])
    assert url in client_for(case.buyer).get(detail).content.decode()


def test_a_refused_evidence_form_keeps_the_text_and_the_file(transferred, client_for):
    case = _case(transferred)
    client = client_for(case.buyer)
    url = reverse("aftercare:notice", args=[case.pk])
    item = case.items.first()
    response = client.post(
        url,
        {
            "action": "add",
            "evidence-item": item.pk,
            "evidence-kind": "invoice",
            "evidence-description": "Dakdekker Jansen",
            "evidence-file": photo(),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dakdekker Jansen" in html
    form = response.context["evidence_form"]
    assert "amount" in form.errors
    token = form.held["file"].token
    assert token in html
    # Posted again with the amount and date, without the file: the held one is used.
    response = client.post(
        url,
        {
            "action": "add",
            "evidence-item": item.pk,
            "evidence-kind": "invoice",
            "evidence-description": "Dakdekker Jansen",
            "evidence-amount": "4250.00",
            "evidence-invoice_date": timezone.localdate().isoformat(),
            "evidence-file__held": token,
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(notice__case=case)
    assert str(evidence.amount) == "4250.00"
    assert client.get(reverse("aftercare:evidence", args=[evidence.pk])).status_code == 200


def test_the_buyer_submits_and_staff_inspect_and_accept_in_the_management_site(
    transferred, client_for, bureau_staff, auditor, committed
):
    case = _case(transferred)
    buyer = client_for(case.buyer)
    url = reverse("aftercare:notice", args=[case.pk])
    for item in case.items.all():
        buyer.post(
            url,
            {
                "action": "add",
                "evidence-item": item.pk,
                "evidence-kind": "photo",
                "evidence-file": photo(),
            },
        )
    response = buyer.post(url, {"action": "submit", "submit-remarks": "Klaar"})
    assert response.status_code == 302
    notice = CompletionNotice.objects.get(case=case)
    assert notice.status == rules.SUBMITTED
    staff = client_for(bureau_staff)
    worklist = reverse("admin:aftercare_case_changelist") + "?work=awaiting_inspection"
    assert case.property.address in staff.get(worklist).content.decode()
    home = case.property
    filtered = f"{worklist}&neighbourhood={home.neighbourhood_id}&round={case.sales_round_id}"
    assert case.property.address in staff.get(filtered).content.decode()
    elsewhere = f"{worklist}&round={case.sales_round_id + 999}"
    assert case.property.address not in staff.get(elsewhere).content.decode()
    act = "admin:aftercare_case_act"
    response = staff.post(
        reverse(act, args=[case.pk, "schedule"]),
        {"scheduled_for": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    # A refused inspection keeps what was typed (the remark) on the page.
    items = list(case.items.all())
    data = {"performed_on": timezone.localdate().isoformat(), "decision": "accept"}
    for item in items:
        data[f"result_{item.pk}"] = "met"
        data[f"remark_{item.pk}"] = f"gezien {item.number}"
    refused = staff.post(reverse(act, args=[case.pk, "inspect"]), {**data, "performed_on": ""})
    assert refused.status_code == 200
    assert "gezien 1" in refused.content.decode()
    assert (
        client_for(auditor).post(reverse(act, args=[case.pk, "inspect"]), data).status_code == 403
    )
    staff = client_for(bureau_staff)  # one client: logged in as staff again
    with committed():
        response = staff.post(reverse(act, args=[case.pk, "inspect"]), data)
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == rules.ACCEPTED
    assert Property.objects.get(pk=case.property_id).status == "renovated"
    buyer = client_for(case.buyer)
    html = buyer.get(reverse("aftercare:home", args=[case.pk])).content.decode()
    assert "goedgekeurd" in html


def test_shared_after_photos_show_in_the_catalogue_until_consent_is_withdrawn(
    transferred, client_for, bureau_staff, client, settings, django_capture_on_commit_callbacks
):
    # With the public page cache on: consent given or withdrawn shows on the next request.
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    from aftercare import services  # noqa: PLC0415

    case = _case(transferred)
    notice = services.notice_draft(case=case, actor=case.buyer)
    for item in case.items.all():
        services.evidence_add(
            notice=notice, actor=case.buyer, item=item, kind="photo", upload=photo()
        )
    notice = services.notice_submit(notice=notice, actor=case.buyer)
    inspection = services.inspection_schedule(
        notice=notice, actor=bureau_staff, scheduled_for=timezone.now()
    )
    services.inspection_record(
        inspection=inspection,
        actor=bureau_staff,
        performed_on=timezone.localdate(),
        results={i.pk: ("met", "") for i in case.items.all()},
        accept=True,
    )
    page = reverse("properties:property_detail", args=[case.property.reference])
    html = client.get(page).content.decode()
    assert "Gerenoveerd" in html
    assert "Voor en na" not in html
    with django_capture_on_commit_callbacks(execute=True):
        client_for(case.buyer).post(
            reverse("aftercare:consent", args=[case.pk]), {"consent-consent": "on"}
        )
    client.logout()
    html = client.get(page).content.decode()
    assert "Voor en na" in html
    evidence = notice.evidence.first()
    photo_url = reverse("aftercare:public_photo", args=[case.property.reference, evidence.pk])
    assert client.get(photo_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client_for(case.buyer).post(reverse("aftercare:consent", args=[case.pk]), {})
    client.logout()
    assert client.get(photo_url).status_code == 404
    assert "Voor en na" not in client.get(page).content.decode()
    cache.clear()
