"""File size limits that the browser checks before sending (static/js/upload-limit.js).

The server checks each file in its form (`validate_upload`) and refuses a whole request above
MAX_REQUEST_BYTES; the same limits on the file inputs let the browser say so before a large
file travels for nothing. The attributes carry the messages, already translated.
"""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def size_limited(field, max_bytes: int):
    """Put the file limit and the request limit on `field`'s input; returns the field."""
    field.widget.attrs.update(
        {
            "data-max-bytes": str(max_bytes),
            # "{size}" is filled in by the script with the chosen file's size.
            "data-too-large": _("This file is %(size)s; the maximum is %(max)s.")
            % {"size": "{size}", "max": filesizeformat(max_bytes)},
            "data-max-request-bytes": str(settings.MAX_REQUEST_BYTES),
            "data-request-too-large": _(
                "The files in this form add up to %(size)s; at most %(max)s can be sent at "
                "once. Send some of them later."
            )
            % {"size": "{size}", "max": filesizeformat(settings.MAX_REQUEST_BYTES)},
        }
    )
    return field
