"""The applications app's models, one module per part: applications, the lottery, offers and
plan assessment. Everything is importable from `applications.models`."""

from applications.models.application import (
    MONEY,
    Applicant,
    Application,
    Note,
    Preference,
    RenovationPlan,
    StatusChange,
    private_storage,
)
from applications.models.assessment import AssessmentOutcome, PlanAssessment, PlanScore
from applications.models.lottery import (
    LotteryCommitment,
    LotteryDraw,
    LotteryReport,
    LotterySeed,
    LotterySnapshot,
)
from applications.models.offers import (
    DeedParty,
    Offer,
    OfferLogEntry,
    OfferStatusChange,
    ReservePlace,
)

__all__ = [
    "MONEY",
    "Applicant",
    "Application",
    "AssessmentOutcome",
    "DeedParty",
    "LotteryCommitment",
    "LotteryDraw",
    "LotteryReport",
    "LotterySeed",
    "LotterySnapshot",
    "Note",
    "Offer",
    "OfferLogEntry",
    "OfferStatusChange",
    "PlanAssessment",
    "PlanScore",
    "Preference",
    "RenovationPlan",
    "ReservePlace",
    "StatusChange",
    "private_storage",
]
