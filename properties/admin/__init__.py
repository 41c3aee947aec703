"""The admin of properties, one module per model family; importing this package registers them."""

from properties.admin import alerts, neighbourhoods, property, rounds
from properties.admin.property_forms import MAX_DOCUMENT_BYTES, MAX_PHOTO_BYTES

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_PHOTO_BYTES",
    "alerts",
    "neighbourhoods",
    "property",
    "rounds",
]
