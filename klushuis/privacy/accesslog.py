"""Recording who read whose personal data: `access_record(request, ...)` from every view that
shows a buyer's data to someone other than that buyer (staff, jurors, notaries, auditors).

The entry names the record by its reference and the filter of an export, never the data
itself; the client address is the one the login throttle trusts (`client_ip`, which believes
X-Forwarded-For only as far as our own proxies wrote it).
"""

from django.utils.translation import gettext_lazy as _

from klushuis.accounts.throttle import client_ip
from klushuis.privacy import registry
from klushuis.privacy.models import AccessLogEntry

VIEW = AccessLogEntry.Action.VIEW
DOWNLOAD = AccessLogEntry.Action.DOWNLOAD
EXPORT = AccessLogEntry.Action.EXPORT


def access_record(
    request,
    *,
    action: str,
    what: str,
    reference: str = "",
    organisation_id: int | None = None,
    subject_user_id: int | None = None,
    detail: dict | None = None,
) -> AccessLogEntry | None:
    """Append one entry; nothing when the reader is the person the data is about.

    Side effect: one row in the access log (written at once, not after commit: a reading that
    happened is recorded even when the request fails later).
    """
    user = request.user
    if not user.is_authenticated or (subject_user_id is not None and subject_user_id == user.pk):
        return None
    return access_log_append(
        user=user,
        action=action,
        what=what,
        reference=reference,
        organisation_id=organisation_id,
        detail=detail,
        client_ip=client_ip(request) or None,
        path=request.path,
    )


def access_log_append(
    *, user, action, what, reference="", organisation_id=None, detail=None, client_ip=None, path=""
) -> AccessLogEntry:
    """The one way an entry is written (`access_record` for a request; the demo directly)."""
    return AccessLogEntry.objects.create(
        user=user,
        user_label=user.email,
        organisation_id=organisation_id,
        action=action,
        what=what,
        reference=reference,
        detail=detail or {},
        client_ip=client_ip,
        path=path[:500],
    )


def register():
    """The access log is personal data too (of the readers and, by reference, of the buyers):
    on the privacy statement with its own retention (`services.access_log_expire` applies it).
    """
    registry.register(
        registry.Category(
            key="access_log",
            label=_("Who read your data (access log)"),
            purpose=_(
                "Knowing who looked at whose data, to answer your questions about it and to "
                "investigate an incident."
            ),
            legal_basis=_(
                "A legal obligation to secure personal data (AVG art. 6(1)(c) with art. 32)."
            ),
            recipients=_("The municipality's auditors."),
            retention_text=lambda r: _("%(months)d months.") % {"months": r.access_log_months},
            retention_fields=("access_log_months",),
            order=900,
        )
    )
