"""The held-upload service (klushuis/uploads): who may use and see a held file, expiry, and
use from a ModelForm that the caller cannot pass arguments to (the admin's case)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from klushuis.uploads.held import held_upload_create, held_upload_get
from klushuis.uploads.models import HeldUpload
from klushuis.uploads.tasks import sweep_held_uploads
from tests.applications.conftest import pdf_upload

pytestmark = pytest.mark.django_db


def test_a_held_file_is_found_only_for_its_user_and_scope(applicant, other_applicant):
    held = held_upload_create(user=applicant, scope="form:1", upload=pdf_upload())
    assert held_upload_get(token=held.token, user=applicant, scope="form:1") == held
    assert held_upload_get(token=held.token, user=applicant, scope="form:2") is None
    assert held_upload_get(token=held.token, user=other_applicant, scope="form:1") is None
    assert len(held.token) >= 40
    assert held.original_name == "verklaring.pdf"
    assert "verklaring" not in held.file.name  # stored under a generated name


def test_the_view_serves_a_held_file_to_its_uploader_only(
    client, client_for, applicant, other_applicant
):
    held = held_upload_create(user=applicant, scope="form:1", upload=pdf_upload())
    url = reverse("uploads:held", args=[held.token])
    assert client.get(url).status_code == 302  # to the login page
    assert client_for(other_applicant).get(url).status_code == 404
    response = client_for(applicant).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_expired_hold_is_not_used_and_is_swept_by_the_task_and_the_command(applicant):
    old = held_upload_create(user=applicant, scope="form:1", upload=pdf_upload())
    fresh = held_upload_create(user=applicant, scope="form:1", upload=pdf_upload())
    HeldUpload.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    storage, name = old.file.storage, old.file.name
    assert held_upload_get(token=old.token, user=applicant, scope="form:1") is None
    assert sweep_held_uploads() == 1
    assert not storage.exists(name)
    assert list(HeldUpload.objects.all()) == [fresh]
    HeldUpload.objects.update(expires_at=timezone.now())
    call_command("sweep_held_uploads")
    assert not HeldUpload.objects.exists()
