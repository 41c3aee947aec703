"""The models of properties, split along their seams; everything is importable from here, as
migrations and the rest of the code expect (`properties.models.Property`,
`properties.models._photo_path`)."""

from properties.models.alerts import AlertDelivery, AlertSubscription
from properties.models.property import (
    CADASTRAL_MUNICIPALITY,
    CADASTRAL_SECTION,
    MONEY,
    POSTCODE,
    PUBLIC_STATUS_LABELS,
    REFERENCE,
    Neighbourhood,
    Property,
    PropertyDocument,
    PropertyFigures,
    PropertyPhoto,
    PropertyStatusChange,
    _document_path,
    _photo_path,
)
from properties.models.rounds import AssessmentCriterion, RoundProperty, SalesRound, ViewingDay

__all__ = [
    "CADASTRAL_MUNICIPALITY",
    "CADASTRAL_SECTION",
    "MONEY",
    "POSTCODE",
    "PUBLIC_STATUS_LABELS",
    "REFERENCE",
    "AlertDelivery",
    "AlertSubscription",
    "AssessmentCriterion",
    "Neighbourhood",
    "Property",
    "PropertyDocument",
    "PropertyFigures",
    "PropertyPhoto",
    "PropertyStatusChange",
    "RoundProperty",
    "SalesRound",
    "ViewingDay",
    "_document_path",
    "_photo_path",
]
