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
    Kind.EXEMPTION_DECISION: "ontheffing-",
    Kind.DEFAULT_NOTICE: "ingebrekestelling-",
    Kind.RELEASE_STATEMENT: "vrijstelling-",
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
            # not sent without them (contract_send). A kind added to the library later (the
            # release statement) starts with those of a template the municipality filled in.
            filled = (
                DocumentTemplate.objects.filter(municipality=municipality)
                .exclude(signatory_name="")
                .order_by("pk")
                .first()
            )
            template = DocumentTemplate.objects.create(
                municipality=municipality,
                kind=kind,
                name=_kind_name(kind),
                **(
                    {
                        "seller_address": filled.seller_address,
                        "signatory_name": filled.signatory_name,
                        "signatory_title": filled.signatory_title,
                        "notary": filled.notary,
                    }
                    if filled
                    else {}
                ),
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


def library_update(municipality) -> dict[str, list[str]]:
    """Bring an installed library up to the standard texts (`library_install` leaves existing
    clauses alone). A clause whose wording in use came from the library (no staff author) gets
    the new standard wording as a new version; one that staff wrote is kept as they made it and
    reported. A standard article missing from the template is added after the article it
    follows in the library. Contract versions already made keep their clause versions; a draft
    gets the new text when it is made again. Returns the keys revised, added and kept."""
    report: dict[str, list[str]] = {"revised": [], "added": [], "kept": []}
    templates = library_install(municipality)
    with transaction.atomic():
        for kind, articles in LIBRARY.items():
            template = DocumentTemplate.objects.select_for_update().get(pk=templates[kind].pk)
            links = list(TemplateClause.objects.filter(template=template).select_related("clause"))
            changed = False
            for index, (key, title, body) in enumerate(articles):
                full_key = f"{KEY_PREFIX[kind]}{key}"
                clause, _created = Clause.objects.get_or_create(
                    municipality=municipality, key=full_key
                )
                current = clause.current
                if current is None or current.created_by_id is None:
                    if clause_revise(clause=clause, title=title, body=body) is not None:
                        report["revised"].append(full_key)
                        changed = True
                elif current.title != title or current.body != body:
                    report["kept"].append(full_key)
                if not any(link.clause_id == clause.pk for link in links):
                    before = {f"{KEY_PREFIX[kind]}{k}" for k, _t, _b in articles[:index]}
                    position = max(
                        (i + 1 for i, link in enumerate(links) if link.clause.key in before),
                        default=0,
                    )
                    links.insert(position, TemplateClause(template=template, clause=clause))
                    report["added"].append(full_key)
                    changed = True
            if changed:
                for order, link in enumerate(links):
                    link.order = order
                    link.save()
                template_touch(template)
    return report
