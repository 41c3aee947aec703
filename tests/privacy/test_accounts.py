"""Inactive accounts (issue 17): a warning mail first (with the account's id in the task, never
its address), removal only after the warning period; a login in between keeps the account."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from klushuis.accounts.models import User
from klushuis.privacy.accounts import accounts_warn
from klushuis.privacy.models import RetentionNotice
from klushuis.privacy.services import retention_apply
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _inactive(years=4):
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(
        last_login=timezone.now() - timedelta(days=365 * years),
        date_joined=timezone.now() - timedelta(days=365 * years + 10),
    )
    return user


def test_an_inactive_account_is_warned_then_removed(outbox, django_capture_on_commit_callbacks):
    user = _inactive()
    active = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert accounts_warn(timezone.localdate()) == 1
    assert [m.to for m in outbox] == [[user.email]]
    assert "30" not in outbox[0].subject
    # Not yet: the warning period runs first.
    retention_apply()
    assert User.objects.filter(pk=user.pk).exists()
    later = timezone.localdate() + timedelta(days=31)
    retention_apply(today=later)
    assert not User.objects.filter(pk=user.pk).exists()
    assert User.objects.filter(pk=active.pk).exists()


def test_a_login_after_the_warning_keeps_the_account(django_capture_on_commit_callbacks):
    user = _inactive()
    with django_capture_on_commit_callbacks(execute=True):
        accounts_warn(timezone.localdate())
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    retention_apply(today=timezone.localdate() + timedelta(days=31))
    assert User.objects.filter(pk=user.pk).exists()


def test_staff_accounts_are_not_this_rules_business(municipal_staff):
    User.objects.filter(pk=municipal_staff.pk).update(
        last_login=timezone.now() - timedelta(days=365 * 5)
    )
    assert accounts_warn(timezone.localdate()) == 0


def test_the_command_warns_and_says_so_in_a_dry_run():
    _inactive()
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "accounts would be warned: 1" in out.getvalue()
    assert not RetentionNotice.objects.exists()
