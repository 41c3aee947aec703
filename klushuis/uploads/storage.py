"""Where files with personal data are kept."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class _PrivateStorage(LazyObject):
    """The "private" storage of settings.STORAGES (local disk, or object storage with
    S3_BUCKET), looked up when first used, like Django's own default_storage."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


def private_storage():
    """Uploads with personal data: outside MEDIA_ROOT, served only by permission-checked views.

    A callable, so that migrations name this function rather than a machine's folder.
    """
    return _private


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty
