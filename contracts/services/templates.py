"""The clause library and the municipality's document templates.

Clauses are data (`contracts.clauses`): editing one appends a `ClauseVersion`; editing a
template raises its version. The standard library (`contracts.library`) is installed the first
time a municipality needs it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contracts import clauses, library
from contracts.models import Clause, ClauseVersion, DocumentTemplate, Kind, TemplateClause

# The standard library per kind of document; clause keys of letters carry a prefix so that
# they can live in one library with the articles of the agreement.
LIBRARY = {Kind.PURCHASE_AGREEMENT: library.PURCHASE_AGREEMENT, **library.LETTERS}
KEY_PREFIX = {
    Kind.PURCHASE_AGREEMENT: "",
    Kind.OFFER_LETTER: "aanbieding-",
    Kind.REJECTION_LETTER: "afwijzing-",
    Kind.NOTARY_INSTRUCTION: "notaris-",
}


def clause_revise(*, clause: Clause, title: str, body: str, actor=None) -> ClauseVersion | None:
    """A new wording of a clause (appended; old versions stay as contracts used them).
    Returns None when nothing changed. Refuses placeholders that do not exist."""
    unknown = clauses.unknown_placeholders(body)
    if unknown:
        raise ValidationError(
            _("These placeholders do not exist: %(names)s.")
            % {"names": ", ".join("{" + n + "}" for n in unknown)}
        )
    with transaction.atomic():
        locked = Clause.objects.select_for_update().get(pk=clause.pk)
        current = locked.current
        if current and current.title == title.strip() and current.body == body.strip():
            return None
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ClauseVersion.objects.create(
            clause=locked,
            number=number,
            title=title.strip(),
            body=body.strip(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        locked.current = version
        locked.save(update_fields=["current"])
    clause.current = version
    return version


def _kind_name(kind) -> str:
    with translation.override("nl"):
        return str(Kind(kind).label)


def template_touch(template: DocumentTemplate) -> None:
    """Staff changed the template (its clauses, signatory or periods): a new version."""
    DocumentTemplate.objects.filter(pk=template.pk).update(
        version=template.version + 1, updated_at=timezone.now()
    )
    template.refresh_from_db(fields=["version", "updated_at"])


def library_install(municipality) -> dict[str, DocumentTemplate]:
    """The municipality's templates, made from the standard library the first time.
    Idempotent: existing clauses and templates are left as staff made them."""
    templates = {}
    with transaction.atomic():
        for kind, articles in LIBRARY.items():
            template = DocumentTemplate.objects.filter(municipality=municipality, kind=kind).first()
            if template is not None:
                templates[kind] = template
                continue
            # The signatory and the notary are the municipality's to fill in; a contract is
            # not sent without them (contract_send).
            template = DocumentTemplate.objects.create(
                municipality=municipality, kind=kind, name=_kind_name(kind)
            )
            for order, (key, title, body) in enumerate(articles):
                clause, created = Clause.objects.get_or_create(
                    municipality=municipality, key=f"{KEY_PREFIX[kind]}{key}"
                )
                if created or clause.current is None:
                    clause_revise(clause=clause, title=title, body=body)
                TemplateClause.objects.create(template=template, clause=clause, order=order)
            templates[kind] = template
    return templates
