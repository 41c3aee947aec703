"""Stateless web processes: two gunicorn instances with working folders of their own, one
database and one object storage; a file uploaded through one is downloaded through the other.

Needs the suite on PostgreSQL (as in CI): both servers use the test database, which a test
with real commits (transaction=True) fills.
"""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import boto3
import pytest
import requests
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from applications import services
from tests.applications.conftest import pdf_upload
from tests.faults.conftest import free_port, wait_port

ROOT = Path(__file__).resolve().parent.parent.parent
BUCKET = "klushuis-two-webs"
CSRF = "a" * 32


def _database_url():
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    return f"postgres://{s['USER']}{password}@{host}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_file_uploaded_through_one_web_process_is_downloaded_through_the_other(
    tmp_path, open_round, applicant, homes
):
    if connection.vendor != "postgresql":
        pytest.skip("two servers share the test database only on PostgreSQL")
    s3_port = free_port(56600)
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
    s3.start()
    endpoint = f"http://127.0.0.1:{s3_port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=BUCKET)
    application = services.application_start(user=applicant, sales_round=open_round)
    session = SessionStore()
    session[SESSION_KEY] = str(applicant.pk)
    session[BACKEND_SESSION_KEY] = "klushuis.accounts.backends.PortalBackend"
    session[HASH_SESSION_KEY] = applicant.get_session_auth_hash()
    session.create()
    servers, ports = [], []
    try:
        for name in ("one", "two"):
            folder = tmp_path / name
            folder.mkdir()
            port = free_port(8108 if name == "one" else 8109)
            env = {
                **os.environ,
                "PYTHONPATH": str(ROOT),
                "DJANGO_ENV": "development",
                "DJANGO_DEBUG": "false",
                "DATABASE_URL": _database_url(),
                "REDIS_URL": "",
                "LOG_LEVEL": "WARNING",
                "MEDIA_ROOT": str(folder / "media"),
                "PRIVATE_MEDIA_ROOT": str(folder / "private"),
                "S3_BUCKET": BUCKET,
                "S3_ENDPOINT_URL": endpoint,
                "S3_REGION": "us-east-1",
                "S3_ACCESS_KEY_ID": "test",
                "S3_SECRET_ACCESS_KEY": "test",
            }
            servers.append(
                subprocess.Popen(  # noqa: S603 - fixed arguments, no input
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "klushuis.wsgi:application",
                        "--chdir",
                        str(folder),
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                        "--log-level",
                        "warning",
                    ],
                    cwd=folder,
                    env=env,
                )
            )
            ports.append(port)
        for port in ports:
            wait_port(port, seconds=60)
        cookies = {"sessionid": session.session_key, "csrftoken": CSRF}
        upload = pdf_upload()
        step = reverse("applications:step", args=[application.reference, 4])
        response = requests.post(
            f"http://127.0.0.1:{ports[0]}{step}",
            data={
                "csrfmiddlewaretoken": CSRF,
                "max_mortgage": "300000",
                "own_funds": "10000",
                "financing_provider": "De Bank",
                "financing_date": (timezone.localdate() - timedelta(days=5)).isoformat(),
            },
            files={"financing_statement": ("verklaring.pdf", upload.read(), "application/pdf")},
            cookies=cookies,
            allow_redirects=False,
            timeout=60,
        )
        assert response.status_code == 302, response.text[:2000]
        stored = [
            item["Key"]
            for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
            if item["Key"].startswith("private/applications/financing/")
        ]
        assert stored
        download = reverse("applications:financing_statement", args=[application.reference])
        response = requests.get(
            f"http://127.0.0.1:{ports[1]}{download}", cookies=cookies, timeout=60
        )
        assert response.status_code == 200
        application.refresh_from_db()
        body = client.get_object(
            Bucket=BUCKET, Key=f"private/{application.financing_statement.name}"
        )
        assert response.content == body["Body"].read()
        assert response.content.startswith(b"%PDF")
        # Nothing of it on either machine's own disk.
        for name in ("one", "two"):
            assert not any(path.is_file() for path in (tmp_path / name).rglob("*"))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        s3.stop()
