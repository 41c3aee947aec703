"""The lottery's three steps in the portal: commit at publication, freeze, draw; annulment."""

import gzip
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from applications import services
from applications.lottery import protocol
from applications.lottery import services as lottery
from applications.models import Application, LotteryCommitment, LotteryDraw, LotterySeed
from tests.applications.conftest import close_round as _close
from tests.applications.conftest import fill_in
from tests.applications.conftest import make_applications as _applications

pytestmark = pytest.mark.django_db


def test_publishing_a_round_commits_to_a_fresh_seed(lottery_round, client):
    commitment = lottery.active_commitment(lottery_round)
    seed = bytes(LotterySeed.objects.get(commitment=commitment).value)
    assert len(seed) == 32
    assert commitment.seed_commitment == protocol.seed_commitment(seed)
    html = client.get(reverse("properties:round_detail", args=["oude-haven"])).content.decode()
    assert commitment.seed_commitment in html
    assert seed.hex() not in html


def test_the_confirmation_e_mail_carries_the_commitment(
    lottery_round, applicant, outbox, committed
):
    application = services.application_start(user=applicant, sales_round=lottery_round)
    fill_in(application, applicant, list(lottery_round.properties.all())[:1])
    with committed():
        services.application_submit(application=application, actor=applicant)
    commitment = lottery.active_commitment(lottery_round).seed_commitment
    assert commitment in outbox[0].body


def test_freezing_waits_for_the_window_and_every_decision(lottery_round, bureau_staff):
    apps = _applications(lottery_round, 2, bureau_staff)
    with pytest.raises(ValidationError, match="niet gesloten"):
        lottery.lottery_freeze(sales_round=lottery_round, actor=bureau_staff)
    _close(lottery_round)
    with pytest.raises(ValidationError, match="wachten"):
        lottery.lottery_freeze(sales_round=lottery_round, actor=bureau_staff)
    services.application_decide(application=apps[0], eligible=True, reason="ok", actor=bureau_staff)
    services.application_decide(
        application=apps[1], eligible=False, reason="nee", actor=bureau_staff
    )
    frozen = lottery.lottery_freeze(sales_round=lottery_round, actor=bureau_staff)
    snapshot = json.loads(frozen.canonical)
    assert [e["ref"] for e in snapshot["entries"]] == [apps[0].reference]
    assert protocol.validate_snapshot(snapshot) == []
    apps[0].refresh_from_db()
    assert apps[0].status == "in_draw"
    # After the freeze, eligibility can no longer change.
    with pytest.raises(ValidationError):
        services.application_decide(
            application=apps[0], eligible=False, reason="toch niet", actor=bureau_staff
        )


def test_groups_and_tickets_follow_the_published_rules(frozen_round):
    snapshot = json.loads(lottery.active_commitment(frozen_round).snapshot.canonical)
    by_ref = {a.reference: a for a in Application.objects.filter(sales_round=frozen_round)}
    for entry in snapshot["entries"]:
        application = by_ref[entry["ref"]]
        assert entry["group"] == (1 if application.leaves_social_rental else 2)
        assert entry["tickets"] == (3 if application.lives_or_works_locally else 1)
        assert entry["preferences"] == [
            p.property.reference for p in application.preferences.order_by("rank") if p.covered
        ]


def test_the_notary_draws_and_the_record_verifies(frozen_round, notary, client_for, tmp_path):
    client = client_for(notary)
    url = reverse("applications:lottery_draw", args=["oude-haven"])
    page = client.get(url).content.decode()
    assert "Bv4" not in page
    response = client.post(url, {"public_value": " 4-17-23 ", "confirm": "on"})
    assert response.status_code == 302
    draw = LotteryDraw.objects.get(sales_round=frozen_round)
    record = json.loads(draw.record)
    assert record["public_value"] == "4-17-23"
    assert protocol.verify_record(record) == []
    path = tmp_path / "record.json"
    path.write_text(draw.record)
    call_command("lottery_verify", str(path))
    public = client_for(None).get(reverse("applications:lottery_record", args=["oude-haven"]))
    assert json.loads(public.content) == record
    # Large rounds: served compressed to those who accept it, never truncated.

    packed = client_for(None).get(
        reverse("applications:lottery_record", args=["oude-haven"]),
        HTTP_ACCEPT_ENCODING="gzip",
    )
    assert packed["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.content)) == record


def test_a_value_that_does_not_have_the_announced_form_is_refused(frozen_round, notary, client_for):
    response = client_for(notary).post(
        reverse("applications:lottery_draw", args=["oude-haven"]),
        {"public_value": "vier", "confirm": "on"},
    )
    assert response.status_code == 200
    assert "aangekondigde vorm" in response.content.decode()
    assert not LotteryDraw.objects.exists()


def test_it_refuses_a_second_draw(frozen_round, notary):
    lottery.lottery_draw(sales_round=frozen_round, public_value="1-2-3", actor=notary)
    with pytest.raises(ValidationError, match="al getrokken"):
        lottery.lottery_draw(sales_round=frozen_round, public_value="4-5-6", actor=notary)
    assert LotteryDraw.objects.count() == 1


def test_staff_and_buyers_may_not_draw(frozen_round, client_for, bureau_staff, applicant):
    url = reverse("applications:lottery_draw", args=["oude-haven"])
    for user in (bureau_staff, applicant):
        assert (
            client_for(user).post(url, {"public_value": "1-2-3", "confirm": "on"}).status_code
            == 403
        )
    assert not LotteryDraw.objects.exists()


def test_annulment_needs_a_second_person_and_a_new_commitment(
    frozen_round, notary, bureau_staff, municipal_staff
):
    first = lottery.lottery_draw(sales_round=frozen_round, public_value="1-2-3", actor=notary)
    old = lottery.active_commitment(frozen_round)
    with pytest.raises(ValidationError):
        lottery.lottery_annul_request(draw=first, reason=" ", actor=bureau_staff)
    lottery.lottery_annul_request(draw=first, reason="Verkeerde notaris", actor=bureau_staff)
    with pytest.raises(ValidationError, match="tweede"):
        lottery.lottery_annul_approve(draw=first, actor=bureau_staff)
    lottery.lottery_annul_approve(draw=first, actor=municipal_staff)
    first.refresh_from_db()
    assert first.annulled_at is not None
    new = lottery.active_commitment(frozen_round)
    assert new.pk != old.pk
    assert new.seed_commitment != old.seed_commitment
    # A new draw needs a new freeze first.
    with pytest.raises(ValidationError, match="bevroren"):
        lottery.lottery_draw(sales_round=frozen_round, public_value="1-2-3", actor=notary)
    # The annulled record stays published, and the page says it was annulled.
    old_url = reverse("applications:lottery_record_by_id", args=["oude-haven", first.pk])
    assert Client().get(old_url).status_code == 200
    page = Client().get(reverse("properties:round_detail", args=["oude-haven"])).content.decode()
    assert "Verkeerde notaris" in page


def _annul(draw, requester, approver):
    lottery.lottery_annul_request(draw=draw, reason="Fout bij de trekking", actor=requester)
    lottery.lottery_annul_approve(draw=draw, actor=approver)


def test_after_an_annulment_a_new_draw_verifies(
    frozen_round, notary, bureau_staff, municipal_staff
):
    first = lottery.lottery_draw(sales_round=frozen_round, public_value="1-2-3", actor=notary)
    _annul(first, bureau_staff, municipal_staff)
    lottery.lottery_freeze(sales_round=frozen_round, actor=bureau_staff)
    second = lottery.lottery_draw(sales_round=frozen_round, public_value="1-2-3", actor=notary)
    first_record, second_record = json.loads(first.record), json.loads(second.record)
    assert second_record["commit_seed"] != first_record["commit_seed"]
    assert second_record["seed_commitment"] != first_record["seed_commitment"]
    # The re-draw's commitment was published with the first, before the window closed.
    assert second_record["committed_at"] < second_record["window_closed_at"]
    assert protocol.verify_record(second_record) == []
    assert protocol.verify_record(first_record) == []


def test_the_reserve_commitments_are_public_before_anyone_applies(frozen_round):
    commitments = LotteryCommitment.objects.filter(sales_round=frozen_round)
    assert commitments.count() == 1 + lottery.RESERVE_COMMITMENTS
    assert len({c.seed_commitment for c in commitments}) == commitments.count()
    assert all(c.committed_at < frozen_round.opens_at for c in commitments)
    page = Client().get(reverse("properties:round_detail", args=["oude-haven"])).content.decode()
    for commitment in commitments:
        assert commitment.seed_commitment in page


def test_when_the_reserves_run_out_the_round_cannot_be_drawn_again(
    frozen_round, notary, bureau_staff, municipal_staff
):
    for _ in range(1 + lottery.RESERVE_COMMITMENTS):
        draw = lottery.lottery_draw(sales_round=frozen_round, public_value="1-2-3", actor=notary)
        assert protocol.verify_record(json.loads(draw.record)) == []
        _annul(draw, bureau_staff, municipal_staff)
        if lottery.active_commitment(frozen_round) is not None:
            lottery.lottery_freeze(sales_round=frozen_round, actor=bureau_staff)
    assert lottery.active_commitment(frozen_round) is None
    with pytest.raises(ValidationError) as error:
        lottery.lottery_draw(sales_round=frozen_round, public_value="1-2-3", actor=notary)
    assert error.value.code == "state"
    page = Client().get(reverse("properties:round_detail", args=["oude-haven"])).content.decode()
    assert "kan niet opnieuw worden getrokken" in page


def test_the_buyer_sees_position_and_result(frozen_round, notary, client_for):
    lottery.lottery_draw(sales_round=frozen_round, public_value="7-8-9", actor=notary)
    application = Application.objects.filter(sales_round=frozen_round).first()
    result = lottery.result_for(application)
    assert result["in_draw"]
    html = (
        client_for(application.user)
        .get(reverse("applications:detail", args=[application.reference]))
        .content.decode()
    )
    assert f"<strong>{result['position']}</strong>" in html


def test_lottery_export_prints_the_record(frozen_round, notary, capsys):
    with pytest.raises(CommandError):
        call_command("lottery_export", "oude-haven")
    draw = lottery.lottery_draw(sales_round=frozen_round, public_value="7-8-9", actor=notary)
    call_command("lottery_export", "oude-haven")
    assert json.loads(capsys.readouterr().out) == json.loads(draw.record)


def test_lottery_verify_refuses_a_tampered_record(frozen_round, notary, tmp_path):
    draw = lottery.lottery_draw(sales_round=frozen_round, public_value="7-8-9", actor=notary)
    record = json.loads(draw.record)
    record["public_value"] = "7-8-10"
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(record))
    with pytest.raises(CommandError, match="NOT verify"):
        call_command("lottery_verify", str(path))


def test_the_draw_report_is_a_pdf(frozen_round, notary, client, committed):
    with committed():
        draw = lottery.lottery_draw(sales_round=frozen_round, public_value="7-8-9", actor=notary)
    response = client.get(reverse("applications:lottery_report", args=["oude-haven", draw.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.getvalue().startswith(b"%PDF")


# --- Notaries are bound to their rounds (issue 12, row 6) -------------------------------------


def test_a_notary_lists_and_draws_a_round_that_names_them(frozen_round, notary, client_for):
    client = client_for(notary)
    listed = client.get(reverse("applications:lottery_draw_list"))
    draw_url = reverse("applications:lottery_draw", args=[frozen_round.slug])
    assert list(listed.context["rounds"]) == [frozen_round]
    assert draw_url in listed.content.decode()
    assert client.get(draw_url).status_code == 200
    response = client.post(draw_url, {"public_value": "4-17-23", "confirm": "on"})
    assert response.status_code == 302
    assert LotteryDraw.objects.get(sales_round=frozen_round).drawn_by == notary


def test_a_notary_of_another_round_neither_sees_nor_draws_this_one(
    frozen_round, notary_elsewhere, client_for
):
    client = client_for(notary_elsewhere)
    listed = client.get(reverse("applications:lottery_draw_list"))
    assert listed.status_code == 200
    assert list(listed.context["rounds"]) == []
    assert frozen_round.name not in listed.content.decode()
    draw_url = reverse("applications:lottery_draw", args=[frozen_round.slug])
    assert client.get(draw_url).status_code == 404
    response = client.post(draw_url, {"public_value": "4-17-23", "confirm": "on"})
    assert response.status_code == 404
    assert not LotteryDraw.objects.exists()


def test_the_draw_service_refuses_a_notary_not_named_for_the_round(frozen_round, notary_elsewhere):
    with pytest.raises(ValidationError) as refused:
        lottery.lottery_draw(sales_round=frozen_round, public_value="1-2-3", actor=notary_elsewhere)
    assert refused.value.code == "notary"
    assert not LotteryDraw.objects.exists()


def test_staff_are_told_when_a_frozen_round_names_no_notary(frozen_round, bureau_staff, client_for):
    url = reverse("admin:properties_salesround_change", args=[frozen_round.pk])
    client = client_for(bureau_staff)
    assert "nog geen notaris aangewezen" not in client.get(url).content.decode()
    frozen_round.notaries.clear()
    assert "nog geen notaris aangewezen" in client.get(url).content.decode()


def test_freezing_names_the_undecided_applications_with_their_own_count(
    lottery_round, bureau_staff
):
    _applications(lottery_round, 2, bureau_staff)
    _close(lottery_round)
    with translation.override("nl"):
        assert "Er wachten nog 2 inschrijvingen op een besluit over toelating." in (
            lottery.lottery_freeze_problems(lottery_round)
        )
        first = lottery_round.applications.order_by("pk").first()
        services.application_decide(
            application=first, eligible=True, reason="In orde", actor=bureau_staff
        )
        assert "Er wacht nog 1 inschrijving op een besluit over toelating." in (
            lottery.lottery_freeze_problems(lottery_round)
        )
