"""Applying retention (issue 17): what is due is really removed (rows and files), leaving a
tombstone; nothing else is touched; the published lottery record still verifies; a dry run
removes nothing; a second run (or one after a crash) finishes the work and changes nothing
more."""

import json
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from applications import privacy as application_privacy
from applications import services
from applications.lottery import services as lottery
from applications.models import Applicant, Application, LotteryDraw, Offer, RenovationPlan
from applications.offers import services as offers
from klushuis.privacy import registry, rules
from klushuis.privacy.models import (
    AccessLogEntry,
    ErasureTombstone,
    PendingFileRemoval,
    RetentionPolicy,
)
from klushuis.privacy.services import retention_apply
from properties import rules as property_rules
from properties.models import Property
from tests.applications.conftest import pdf_upload
from tests.applications.test_independent_verifier import failed_checks


def _files(application):
    names = [application.financing_statement.name, application.financing_statement_original.name]
    for plan in RenovationPlan.objects.filter(preference__application=application):
        names += [plan.drawings.name, plan.drawings_original.name]
    return [n for n in names if n]


@pytest.fixture
def settled_round(frozen_round, notary, bureau_staff):
    """The frozen round drawn and offered; then, as time passed: the offers were declined and
    the homes sold (time travel: set directly), the last decision two years ago."""
    lottery.lottery_draw(sales_round=frozen_round, public_value="7-7-7", actor=notary)
    offers.offers_start(sales_round=frozen_round, actor=bureau_staff)
    # A round settled two years ago, written directly (set-up, not code): walking every offer
    # and sale through the services two years back would test them, not retention.
    long_ago = timezone.now() - timedelta(days=730)
    Offer.objects.filter(sales_round=frozen_round).update(
        status=Offer.Status.DECLINED, decided_at=long_ago
    )
    Application.objects.filter(sales_round=frozen_round, status="offered").update(status="declined")
    frozen_round.properties.update(status=property_rules.SOLD)
    LotteryDraw.objects.filter(sales_round=frozen_round).update(drawn_at=long_ago)
    return frozen_round


def test_nothing_is_due_while_a_home_of_the_round_can_still_pass_to_a_reserve(
    settled_round,
):
    home = settled_round.properties.first()
    # Set-up: one home back in play (no service makes a sold home allocated again).
    Property.objects.filter(pk=home.pk).update(status=property_rules.ALLOCATED)
    assert application_privacy.allocation_final_on(settled_round) is None
    report = retention_apply(dry_run=True)
    assert report.due[application_privacy.UNSUCCESSFUL] == []


def test_a_dry_run_names_what_would_go_and_removes_nothing(settled_round):
    before = Application.objects.count()
    out = StringIO()
    call_command("apply_retention", "--dry-run", "--list", stdout=out)
    unsuccessful = Application.objects.filter(status__in=rules.UNSUCCESSFUL)
    assert Application.objects.count() == before
    for reference in unsuccessful.values_list("reference", flat=True):
        assert reference in out.getvalue()
    assert not ErasureTombstone.objects.exists()


def test_retention_removes_unsuccessful_applications_with_their_files_and_keeps_the_rest(
    settled_round, client
):
    record_before = client.get(
        reverse("applications:lottery_record", args=[settled_round.slug])
    ).content
    gone = list(Application.objects.filter(status__in=rules.UNSUCCESSFUL))
    kept = list(Application.objects.exclude(status__in=rules.UNSUCCESSFUL))
    assert gone
    files = [n for a in gone for n in _files(a)]
    storage = Application._meta.get_field("financing_statement").storage
    assert files
    assert all(storage.exists(n) for n in files)
    other_round_file = _files(kept[0]) if kept else []

    report = retention_apply()

    assert report.removed[application_privacy.UNSUCCESSFUL] == len(gone)
    assert not Application.objects.filter(pk__in=[a.pk for a in gone]).exists()
    assert not Applicant.objects.filter(application_id__in=[a.pk for a in gone]).exists()
    assert not any(storage.exists(n) for n in files)
    assert not PendingFileRemoval.objects.exists()
    assert all(storage.exists(n) for n in other_round_file)
    assert set(Application.objects.values_list("pk", flat=True)) == {a.pk for a in kept}
    # The tombstones: reference, round and counts; nothing about the person.
    tombstone = ErasureTombstone.objects.get(reference=gone[0].reference)
    assert tombstone.context == settled_round.slug
    assert tombstone.counts["applicants"] >= 1
    text = json.dumps(tombstone.counts)
    for applicant_field in ("surname", "email", "date_of_birth"):
        assert applicant_field not in text
    # The published lottery record is served byte for byte and still verifies.
    record_after = client.get(
        reverse("applications:lottery_record", args=[settled_round.slug])
    ).content
    assert record_after == record_before
    assert failed_checks(json.loads(record_after)) == []
    assert (
        client.get(reverse("applications:lottery_snapshot", args=[settled_round.slug])).status_code
        == 200
    )


def test_a_second_run_changes_nothing_and_a_crashed_run_is_finished_by_the_next(
    settled_round,
):
    storage = Application._meta.get_field("financing_statement").storage
    victims = list(Application.objects.filter(status__in=rules.UNSUCCESSFUL))
    files = [n for a in victims for n in _files(a)]
    calls = {"n": 0}
    real_erase = application_privacy.application_erase_many

    def crash_on_the_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("the worker died")
        return real_erase(*args, **kwargs)

    with (
        mock.patch.object(application_privacy, "application_erase_many", crash_on_the_third),
        mock.patch("klushuis.privacy.services.CHUNK", 1),  # a transaction per application
        pytest.raises(RuntimeError),
    ):
        retention_apply()
    assert 0 < Application.objects.filter(pk__in=[a.pk for a in victims]).count() < len(victims)

    retention_apply()
    assert not Application.objects.filter(pk__in=[a.pk for a in victims]).exists()
    assert not any(storage.exists(n) for n in files)
    tombstones = ErasureTombstone.objects.count()

    again = retention_apply()
    assert again.removed[application_privacy.UNSUCCESSFUL] == 0
    assert ErasureTombstone.objects.count() == tombstones


def test_a_file_left_by_a_crash_after_the_commit_is_removed_by_the_next_run(settled_round):
    storage = Application._meta.get_field("financing_statement").storage
    name = storage.save("applications/financing/left.pdf", pdf_upload("left.pdf"))
    PendingFileRemoval.objects.create(
        storage="applications.Application.financing_statement", name=name
    )
    retention_apply()
    assert not storage.exists(name)
    assert not PendingFileRemoval.objects.exists()


def test_the_municipalitys_own_setting_keeps_longer(settled_round):
    RetentionPolicy.objects.create(organisation=settled_round.municipality, unsuccessful_months=60)
    report = retention_apply()
    assert report.removed[application_privacy.UNSUCCESSFUL] == 0
    assert Application.objects.filter(status__in=rules.UNSUCCESSFUL).exists()


def test_an_application_with_a_purchase_agreement_is_held(settled_round):
    application = Application.objects.filter(sales_round=settled_round).first()
    with mock.patch("contracts.privacy.Contract.objects") as contracts:
        contracts.filter.return_value.values_list.return_value = [application.pk]
        held = registry.LEGAL_HOLDS.held(application_privacy.UNSUCCESSFUL, {application.pk})
    assert held == {application.pk}


def test_a_draft_of_a_closed_round_goes_after_its_months_without_activity(
    open_round, applicant, homes
):
    draft = services.application_start(user=applicant, sales_round=open_round)
    type(open_round).objects.filter(pk=open_round.pk).update(
        opens_at=timezone.now() - timedelta(days=800),
        closes_at=timezone.now() - timedelta(days=700),
    )
    Application.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=200))
    assert retention_apply().removed[application_privacy.DRAFTS] == 0
    Application.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=400))
    assert retention_apply().removed[application_privacy.DRAFTS] == 1
    assert not Application.objects.filter(pk=draft.pk).exists()


def test_access_log_entries_older_than_their_retention_go(municipality):
    old = AccessLogEntry.objects.create(
        organisation=municipality,
        user_label="a@example.test",
        action="view",
        what="application",
        at=timezone.now() - timedelta(days=800),
    )
    recent = AccessLogEntry.objects.create(
        organisation=municipality, user_label="a@example.test", action="view", what="application"
    )
    assert retention_apply().access_log_removed == 1
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
    assert AccessLogEntry.objects.filter(pk=recent.pk).exists()
