"""A file that passed the checks but whose form did not save yet (a held upload).

When a form is refused for another field, the buyer (or staff member) must not upload the
same file again: the file is held here, for that one user and that one form, under a token
nobody can guess, until the form saves or the hold expires (`held.py` has the rules).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from klushuis.uploads.storage import private_storage

# Migration 0001 names this: a held file may carry personal data, so it is kept privately.
held_storage = private_storage


def new_token() -> str:
    return secrets.token_urlsafe(32)


class HeldUpload(models.Model):
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="held_uploads"
    )
    # Which form the file belongs to, e.g. "application:12:financing_statement": a token from
    # one form is worthless in another, even for the same user.
    scope = models.CharField(max_length=200)
    file = models.FileField(storage=private_storage, upload_to="held/", max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("held upload")
        verbose_name_plural = _("held uploads")

    def __str__(self):
        return self.original_name
