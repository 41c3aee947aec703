"""Where files with personal data are kept."""

from django.core.files.storage import storages


def private_storage():
    """Uploads with personal data: outside MEDIA_ROOT, served only by permission-checked views.

    A callable, so that migrations name this function rather than a machine's folder.
    """
    return storages["private"]
