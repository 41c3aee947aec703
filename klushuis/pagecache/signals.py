"""Which writes raise the version of public pages."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from klushuis.pagecache import changed

# Apps whose rows public pages show (branding, homes, figures, photos, rounds, the draw,
# the assessment's outcome, the offer log).
WATCHED_APPS = {"organisations", "properties", "applications"}
# Rows written by buyers (or about them) all through a round that no public page shows;
# raising the version for each would empty the cache during exactly the rush it is for.
UNWATCHED_MODELS = {
    "properties.AlertSubscription",
    "properties.AlertDelivery",
    "applications.Application",
    "applications.Applicant",
    "applications.Preference",
    "applications.RenovationPlan",
    "applications.StatusChange",
    "applications.Note",
    "applications.DeedParty",
}


# Single rows of other apps that a public page shows through an extension point: a home's
# after photos, shown only while its buyer agrees (withdrawn consent must show at once).
WATCHED_MODELS = {
    "aftercare.Case",
    "aftercare.CompletionNotice",
    "aftercare.Evidence",
}


def watched(model) -> bool:
    meta = model._meta
    if meta.label in WATCHED_MODELS:
        return True
    return meta.app_label in WATCHED_APPS and meta.label not in UNWATCHED_MODELS


def _on_write(sender, **kwargs):
    if watched(sender):
        changed()


def _on_m2m(sender, action, instance, model, **kwargs):
    if action.startswith("post_") and (watched(type(instance)) or watched(model)):
        changed()


def connect() -> None:
    post_save.connect(_on_write, dispatch_uid="pagecache-save")
    post_delete.connect(_on_write, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="pagecache-m2m")
