"""Files on object storage (S3_BUCKET): public media and private documents in the bucket,
against a local S3-compatible server (moto's server mode, on a port of its own).

moto checks no credentials, so an anonymous GET proves nothing here: the tests assert what
decides it on a real store instead: the settings, that no object carries a public grant, that
the bucket has no policy, and that a URL the storage hands out is presigned for minutes.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from klushuis.uploads.storage import private_storage
from properties.models import PropertyPhoto
from tests.factories import PropertyFactory
from tests.faults.conftest import free_port

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

ROOT = Path(__file__).resolve().parent.parent.parent
BUCKET = "klushuis-test"
PUBLIC_GRANTEES = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


@pytest.fixture(scope="module")
def s3_server():
    port = free_port(56500)
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def _options(endpoint, location):
    return {
        "bucket_name": BUCKET,
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
        "addressing_style": "path",
        "signature_version": "s3v4",
        "location": location,
    }


@pytest.fixture
def s3(settings, s3_server):
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": _options(s3_server, "media"),
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": _options(s3_server, "private"),
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _public_grants(client, key):
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return [g for g in grants if g["Grantee"].get("URI") in PUBLIC_GRANTEES]


def test_settings_put_both_stores_on_s3_privately_when_a_bucket_is_set():
    env = {**os.environ, "DJANGO_ENV": "development", "S3_BUCKET": "b", "REDIS_URL": ""}
    code = (
        "import json; from django.conf import settings as s;"
        "print(json.dumps({k: s.STORAGES[k] for k in ('default', 'private')}, default=str))"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments, no input
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    import json  # noqa: PLC0415 - only here

    stores = json.loads(result.stdout.strip().splitlines()[-1])
    for alias, location in (("default", "media"), ("private", "private")):
        assert stores[alias]["BACKEND"] == "storages.backends.s3.S3Storage"
        options = stores[alias]["OPTIONS"]
        assert options["default_acl"] == "private"
        assert options["querystring_auth"] is True
        assert options["querystring_expire"] <= 600
        assert options["location"] == location
    assert "OPTIONS" not in stores["default"] or stores["default"]["OPTIONS"]["bucket_name"] == "b"


@pytest.mark.django_db
def test_private_documents_are_private_objects_with_short_presigned_urls(s3):
    name = private_storage().save("contracts/generated/koopovereenkomst.pdf", ContentFile(b"%PDF"))
    key = f"private/{name}"
    assert client_has(s3, key)
    assert _public_grants(s3, key) == []
    with pytest.raises(s3.exceptions.ClientError):
        s3.get_bucket_policy(Bucket=BUCKET)  # no policy: nothing is opened to anyone
    query = parse_qs(urlsplit(private_storage().url(name)).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert "X-Amz-Signature" in query
    with private_storage().open(name) as stored:
        assert stored.read() == b"%PDF"


@pytest.mark.django_db
def test_a_photo_in_the_bucket_is_served_through_the_portals_view(s3, municipality, client):
    home = PropertyFactory(municipality=municipality, reference="S3-1")
    photo = PropertyPhoto(property=home, alt_text="Gevel")
    photo.image.save("gevel.jpg", ContentFile(b"\xff\xd8\xffjpeg"), save=True)
    key = f"media/{photo.image.name}"
    assert client_has(s3, key)
    assert _public_grants(s3, key) == []
    response = client.get(reverse("properties:property_photo", args=[home.reference, photo.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xffjpeg"


def client_has(client, key):
    return any(
        item["Key"] == key for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    )
