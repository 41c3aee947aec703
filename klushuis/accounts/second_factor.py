"""The second factor for staff: an authenticator app (TOTP) and recovery codes (django-otp).

Everyone who can reach the management site, the jury pages or the draw pages needs it: staff,
platform administrators and anyone holding a role (jurors and notaries need not be staff).
A session counts as verified once a code was accepted in it (django_otp.login); the
SecondFactorMiddleware keeps such a user away from every other page until then.
"""

import json
from base64 import b32decode, b32encode
from io import BytesIO
from math import ceil

import segno
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from klushuis import outbox
from klushuis.accounts import tasks
from klushuis.accounts.models import User

RECOVERY_CODE_COUNT = 10
# The second factor of every demo staff account: one published secret (base32), so that a
# newcomer adds it once to any authenticator app, or runs `manage.py demo_otp EMAIL`. Public,
# hence never acceptable in production: `check --deploy --database default` fails while a
# device with it exists (klushuis/checks.py).
DEMO_TOTP_SECRET = "KLUSHUISDEMOGEHEIMKLUSHUISDEMO23"  # noqa: S105
DEMO_TOTP_KEY = b32decode(DEMO_TOTP_SECRET).hex()
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RESET_HISTORY_FIELD = gettext_noop("second factor (reset by a platform administrator)")


def second_factor_required(user) -> bool:
    """Whether this user must pass a second factor: staff, administrators and role holders.

    Buyers hold no permission at all; anyone with one (a juror or notary without staff
    status included) reaches pages that buyers cannot.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or user.is_superuser or _holds_a_permission(user)


# The attribute on a user that answers `_holds_a_permission` for the request; the request's
# user gets it from the backend that loads it (klushuis.accounts.backends).
HOLDS_A_PERMISSION = "_holds_a_permission"


def holds_a_permission() -> RawSQL:
    """Whether the user (the row at hand) holds any permission, of their own or their groups'.

    As SQL of its own: the same condition through `Exists(...) | Exists(...)` cost the ORM
    about 1.5 ms to build for every request of every logged-in user, five times the query.
    The tables' names come from the models.
    """
    user = f'"{User._meta.db_table}"."{User._meta.pk.column}"'
    own = User.user_permissions.through._meta
    groups = User.groups.through._meta
    of_groups = Group.permissions.through._meta
    own_user = f'"{own.db_table}"."{own.get_field("user").column}"'
    groups_user = f'"{groups.db_table}"."{groups.get_field("user").column}"'
    groups_group = f'"{groups.db_table}"."{groups.get_field("group").column}"'
    of_groups_group = f'"{of_groups.db_table}"."{of_groups.get_field("group").column}"'
    # Only names from the models' metadata go into the SQL, never a value.
    return RawSQL(  # noqa: S611
        f'EXISTS (SELECT 1 FROM "{own.db_table}" WHERE {own_user} = {user}) '  # noqa: S608
        f'OR EXISTS (SELECT 1 FROM "{groups.db_table}" INNER JOIN "{of_groups.db_table}" '
        f"ON {of_groups_group} = {groups_group} WHERE {groups_user} = {user})",
        [],
        output_field=BooleanField(),
    )


def _holds_a_permission(user) -> bool:
    """`bool(user.get_all_permissions())` for an active user, without a query of its own for
    the request's user.

    This runs on every request of every logged-in user (the session's lifetime and the second
    factor middleware ask it), and nearly all of them are buyers without any. ModelBackend is
    the only backend that grants permissions here (AxesStandaloneBackend grants none); its
    permissions are the user's own and their groups'. The request's user is loaded with the
    answer (`PortalBackend.get_user`); any other user asks once and keeps it, as ModelBackend
    keeps `_perm_cache`; a cache ModelBackend already filled answers first.
    """
    cached = getattr(user, "_perm_cache", None)
    if cached is not None:
        return bool(cached)
    if not hasattr(user, HOLDS_A_PERMISSION):
        answer = (
            User.objects.filter(pk=user.pk)
            .annotate(holds=holds_a_permission())
            .values_list("holds", flat=True)
            .get()
        )
        setattr(user, HOLDS_A_PERMISSION, answer)
    return getattr(user, HOLDS_A_PERMISSION)


def app_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def summary(user) -> dict | None:
    """What the account page says about the second factor, or None for buyers."""
    if not second_factor_required(user) or app_device(user) is None:
        return None
    return {"codes_left": recovery_codes_left(user)}


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def seconds_to_wait(device) -> int:
    """How long a device still refuses codes after wrong ones (django-otp doubles the wait after
    each: 1, 2, 4, 8... seconds), or 0."""
    if device is None:
        return 0
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    return max(1, ceil((data["locked_until"] - timezone.now()).total_seconds()))


def secret_for_display(device: TOTPDevice) -> str:
    """The secret as authenticator apps ask for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> bytes:
    """The otpauth:// address of a device as a QR code (SVG, no scripts or styles)."""
    buffer = BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", scale=6, border=4, xmldecl=False, svgns=True, title="QR code"
    )
    return buffer.getvalue()


def second_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed app device being set up, made on first call (a reload keeps the QR code).

    Side effects: creates an unconfirmed TOTPDevice, which grants nothing until confirmed.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def second_factor_enrolment_confirm(*, user: User, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the app being set up with a code from it; return it and fresh recovery codes.

    Side effects: the new app replaces any earlier one, new recovery codes replace the old
    ones, and the owner is mailed after commit. Raises ValueError when the code is wrong or
    nothing is being set up.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None or not device.verify_token(token):
            raise ValueError("wrong code")
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_recovery_codes(user)
        _notify(user, "app_set_up")
    return device, codes


def second_factor_new_recovery_codes(*, user: User) -> list[str]:
    """New recovery codes for a user; the old ones stop working.

    Side effects: replaces the user's recovery-code device; mails the owner after commit.
    """
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        _notify(user, "recovery_codes_renewed")
    return codes


def _replace_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        # All digits would be read as a code from the app (second_factor_check).
        if not code.isdigit():
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _normalise(token: str) -> str:
    return "".join(token.split()).lower()


def seconds_before_checking(*, user: User, token: str) -> int:
    """How long the device this code is for still refuses codes after earlier wrong ones."""
    token = _normalise(token)
    model = TOTPDevice if token.isdigit() else StaticDevice
    return max(
        (seconds_to_wait(d) for d in model.objects.filter(user=user, confirmed=True)), default=0
    )


def second_factor_check(*, user: User, token: str):
    """The device that accepts this code (the app, or a recovery code, used up), or None.

    Each device throttles itself: after a wrong code it refuses for a doubling number of
    seconds, on top of the login lockout. Side effect: a recovery code used is mailed to the
    owner after commit.
    """
    token = _normalise(token)
    if not token:
        return None
    with transaction.atomic():
        if token.isdigit():
            devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        else:
            devices = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
        for device in devices:
            if device.verify_token(token):
                if isinstance(device, StaticDevice):
                    _notify(user, "recovery_code_used")
                return device
    return None


def second_factor_reset(*, user: User, actor: User) -> int:
    """Remove a user's app and recovery codes, so that they set up a new app at next login.

    Only platform administrators may do this (staff who lost their phone ask one). Side
    effects: deletes the devices, writes an entry in the user's admin history and mails the
    user after commit.
    Returns the number of devices removed.
    """
    if not actor.is_superuser:
        raise PermissionError("Only platform administrators reset a second factor.")
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
        LogEntry.objects.log_actions(
            user_id=actor.pk,
            queryset=[user],
            action_flag=CHANGE,
            # The admin's own structured message, so that the history reads in the viewer's
            # language ("second factor" is translated in the portal's catalogue).
            change_message=json.dumps([{"changed": {"fields": [RESET_HISTORY_FIELD]}}]),
            single_object=True,
        )
        _notify(user, "reset")
    return removed


def _notify(user, event):
    outbox.send(tasks.send_second_factor_notice, user.pk, event, robust=False)
