"""Buyers with complete draft applications in an open round, and their session cookies."""

import io
import time
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from pypdf import PdfWriter

from applications import services
from applications.models import Applicant, Application, Preference, RenovationPlan
from bench.seed import seed as seed_properties
from klushuis.accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED
from klushuis.accounts.models import User
from properties.models import Property, RoundProperty, SalesRound


def _pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def seed(count: int) -> None:
    seed_properties(20)
    now = timezone.now()
    homes = list(Property.objects.order_by("pk")[:5])
    sales_round = SalesRound.objects.create(
        name="Deadline",
        slug="deadline",
        municipality=homes[0].municipality,
        opens_at=now - timedelta(days=20),
        closes_at=now + timedelta(minutes=30),
        published_at=now,
        anti_speculation_percentage=50,
        max_preferences=3,
    )
    RoundProperty.objects.bulk_create(
        [RoundProperty(sales_round=sales_round, property=home) for home in homes]
    )
    password = make_password("bench-password")
    users = User.objects.bulk_create(
        [
            User(
                email=f"koper{i}@bench.test",
                full_name=f"Koper {i}",
                password=password,
                email_verified_at=now,
            )
            for i in range(count)
        ]
    )
    pdf = _pdf()
    for i, user in enumerate(users):
        application = services.application_start(user=user, sales_round=sales_round)
        Applicant.objects.create(
            application=application,
            role="main",
            given_names="Koper",
            surname=str(i),
            date_of_birth=date(1990, 1, 1),
            email=user.email,
        )
        Application.objects.filter(pk=application.pk).update(
            adults=1,
            current_housing="private_rental",
            max_mortgage=Decimal(400000),
            own_funds=Decimal(20000),
            financing_provider="Bank",
            financing_date=timezone.localdate(),
            declares_self_occupancy=True,
            declares_no_letting=True,
            declares_no_other_klushuis=True,
        )
        application.refresh_from_db()
        application.financing_statement.save("s.pdf", SimpleUploadedFile("s.pdf", pdf), save=True)
        for rank, home in enumerate(homes[:3], start=1):
            preference = Preference.objects.create(
                application=application, property=home, rank=rank
            )
            RenovationPlan.objects.create(
                preference=preference,
                description="Plan",
                budget_structure=Decimal(100000),
                planned_start=date(2027, 1, 1),
                planned_completion=date(2028, 1, 1),
                own_work_share=10,
            )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        # The backend that loads users (axes, first in the list, only checks logins).
        session[BACKEND_SESSION_KEY] = "klushuis.accounts.backends.PortalBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        # As a login records them (klushuis.accounts.middleware.session_started).
        session[SESSION_STARTED] = session[SESSION_LAST_SEEN] = time.time()
        session.create()
        csrf = get_random_string(32)
        path = reverse("applications:submit", args=[application.reference])
        print(path, session.session_key, csrf)
