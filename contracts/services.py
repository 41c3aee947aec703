"""Every write to contracts goes through here: the clause library, generation, signing,
dissolution and transfer.

Generation is recorded in the database first (a `ContractVersion` in "pending") and rendered
by a Celery task after commit. The task is idempotent and safe to retry; a worker killed
mid-render leaves the version pending (the PDF is stored and the row marked done in one
transaction), and `contracts_render_pending` (beat, and `manage.py render_contracts`) picks
it up again.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from contracts import clauses, cooling_off, library, rules
from contracts.models import (
    Clause,
    ClauseVersion,
    Contract,
    ContractStatusChange,
    ContractVersion,
    DocumentTemplate,
    Kind,
    TemplateClause,
)
from klushuis.documents import (
    RENDER_GRACE,
    document_render,
    document_retry,
    documents_render_pending,
)

# The standard library per kind of document; clause keys of letters carry a prefix so that
# they can live in one library with the articles of the agreement.
LIBRARY = {Kind.PURCHASE_AGREEMENT: library.PURCHASE_AGREEMENT, **library.LETTERS}
KEY_PREFIX = {
    Kind.PURCHASE_AGREEMENT: "",
    Kind.OFFER_LETTER: "aanbieding-",
    Kind.REJECTION_LETTER: "afwijzing-",
    Kind.NOTARY_INSTRUCTION: "notaris-",
}


# --- The clause library and templates ---------------------------------------------------------


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
            clause=locked, number=number, title=title.strip(), body=body.strip(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )  # fmt: skip
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


# --- What a document says ----------------------------------------------------------------------


def _money(amount) -> str:
    from klushuis.templatetags.portal import euro

    with translation.override("nl"):
        return euro(amount)


def dutch_day(day) -> str:
    with translation.override("nl"):
        return formats.date_format(day, "j F Y")


def _buyers(application, offer) -> list[dict]:
    parties = {p.applicant_id: p for p in offer.deed_parties.all()} if offer else {}
    buyers = []
    for applicant in application.applicants.all():
        party = parties.get(applicant.pk)
        buyers.append(
            {
                "name": applicant.full_name,
                "date_of_birth": applicant.date_of_birth.isoformat(),
                "place_of_birth": party.place_of_birth if party else "",
                "civil_status": str(party.get_civil_status_display()).lower() if party else "",
                "address": party.address_text() if party else "",
            }
        )
    return buyers


def _anti_speculation(sales_round) -> str:
    if sales_round.anti_speculation == "profit_share":
        return f"{sales_round.anti_speculation_percentage}% van de winst bij verkoop"
    if sales_round.anti_speculation == "fixed_sum":
        return f"een bedrag van {_money(sales_round.anti_speculation_amount)}"
    return "niets"


def _penalty(sales_round) -> str:
    text = f"een boete van {_money(sales_round.penalty_amount)}"
    if sales_round.penalty_daily_amount:
        text += (
            f", vermeerderd met {_money(sales_round.penalty_daily_amount)} per dag dat de "
            f"overtreding voortduurt, tot ten hoogste {_money(sales_round.penalty_cap)}"
        )
    return text


def document_data(*, offer, template, signing=None, contract=None) -> dict:
    """Everything a document for this sale says, as plain JSON: the placeholder values and the
    parties, home and key figures. Every amount, date and period comes from the round, the
    property, the application or the template, never from the clause text."""
    application = offer.application
    sales_round = offer.sales_round
    home = offer.property
    figures = home.current_figures
    signing = signing or timezone.localdate()
    if contract is not None:
        deposit_due, financing_ends, transfer = (
            contract.deposit_due, contract.financing_condition_ends, contract.transfer_date,
        )  # fmt: skip
        notary = contract.notary
    else:
        deposit_due, financing_ends, transfer = rules.default_dates(
            signing, deposit_days=template.deposit_days,
            financing_days=template.financing_condition_days, transfer_days=template.transfer_days,
        )  # fmt: skip
        notary = template.notary
    start, completion = rules.renovation_deadlines(
        transfer, sales_round.renovation_start_months, sales_round.renovation_completion_months
    )
    price = figures.purchase_price
    requirement = price + figures.minimum_renovation_budget
    buyers = _buyers(application, offer)
    requirements = home.documents.filter(kind="requirements").first()
    values = {
        "verkoper": sales_round.municipality.name,
        "koper": " en ".join(b["name"] for b in buyers),
        "woning_adres": f"{home.address}, {home.postcode} {home.city}",
        "kadastraal": home.cadastral_designation,
        "perceel_oppervlakte": str(home.plot_area_m2 or ""),
        "eigendom": "eigendom" if home.tenure == "ownership" else "erfpacht",
        "koopsom": _money(price),
        "kosten": "kosten koper" if figures.price_condition == "kk" else "vrij op naam",
        "minimaal_renovatiebudget": _money(figures.minimum_renovation_budget),
        "financieringseis": _money(requirement),
        "waarborgsom": _money(rules.percentage_of(price, template.deposit_percentage)),
        "waarborgsom_datum": dutch_day(deposit_due),
        "financieringsvoorbehoud_datum": dutch_day(financing_ends),
        "leveringsdatum": dutch_day(transfer),
        "notaris": notary,
        "programma_van_eisen": requirements.title if requirements else "het programma van eisen",
        "start_renovatie_datum": dutch_day(start),
        "gereed_renovatie_datum": dutch_day(completion),
        "start_renovatie_maanden": str(sales_round.renovation_start_months),
        "gereed_renovatie_maanden": str(sales_round.renovation_completion_months),
        "zelfbewoning_jaren": str(sales_round.self_occupancy_years),
        "antispeculatie_jaren": str(sales_round.anti_speculation_years),
        "antispeculatie_regeling": _anti_speculation(sales_round),
        "boete_regeling": _penalty(sales_round),
        "verzuim_dagen": "8",
        "verzuim_boete": _money(rules.percentage_of(price, 10)),
        "verzuim_dagboete": _money(rules.percentage_of(price, "0.3")),
        "verzuim_maximum": _money(rules.percentage_of(price, 10)),
        "bedenktijd_dagen": str(cooling_off.COOLING_OFF_DAYS),
    }
    return {
        "values": values,
        "seller": {
            "name": sales_round.municipality.name,
            "address": template.seller_address,
            "signatory_name": template.signatory_name,
            "signatory_title": template.signatory_title,
        },
        "buyers": buyers,
        "home": {
            "address": values["woning_adres"],
            "cadastral": home.cadastral_designation,
            "plot_area": home.plot_area_m2,
            "tenure": values["eigendom"],
        },
        "summary": [
            ["Koopsom", f"{values['koopsom']} {values['kosten']}"],
            ["Financieringseis (koopsom en minimaal renovatiebudget)", values["financieringseis"]],
            ["Waarborgsom", f"{values['waarborgsom']}, uiterlijk {values['waarborgsom_datum']}"],
            ["Financieringsvoorbehoud tot en met", values["financieringsvoorbehoud_datum"]],
            ["Levering", f"{values['leveringsdatum']}, {notary}".rstrip(", ")],
            ["Renovatie begonnen uiterlijk", values["start_renovatie_datum"]],
            ["Renovatie gereed uiterlijk", values["gereed_renovatie_datum"]],
            [
                "Zelfbewoning",
                f"ten minste {values['zelfbewoning_jaren']} jaar na goedgekeurde oplevering",
            ],
        ],
        "figures_version": figures.version,
        "signing": {"place": home.city},
        "deposit_due": deposit_due.isoformat(),
        "financing_condition_ends": financing_ends.isoformat(),
        "transfer_date": transfer.isoformat(),
    }


def _clause_versions(template) -> list[ClauseVersion]:
    """The versions in use of the template's clauses, in the template's order."""
    links = TemplateClause.objects.filter(template=template).select_related("clause__current")
    return [link.clause.current for link in links if link.clause.current is not None]


# --- Generation ----------------------------------------------------------------------------------


def _new_version(contract: Contract) -> ContractVersion:
    template = library_install(contract.municipality)[Kind.PURCHASE_AGREEMENT]
    data = document_data(offer=contract.offer, template=template, contract=contract)
    used = _clause_versions(template)
    data["clause_order"] = [v.pk for v in used]
    number = (contract.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ContractVersion.objects.create(
        contract=contract, number=number, data=data, template=template,
        template_version=template.version,
    )  # fmt: skip
    version.clause_versions.set(used)
    transaction.on_commit(lambda: _queue_render(version.pk), robust=True)
    return version


def _queue_render(version_id):
    from contracts import tasks

    tasks.render_contract.delay(version_id)


def _contract_reference(offer) -> str:
    """KO-<home>-<application>, with a number when the same buyer buys the same home again."""
    base = f"KO-{offer.property.reference}-{offer.application.reference}"
    taken = Contract.objects.filter(reference__startswith=base).count()
    return base if taken == 0 else f"{base}-{taken + 1}"


def contract_create(*, offer) -> Contract:
    """The draft purchase agreement of an accepted offer (called by the acceptance).
    Side effects: its first version, rendered after commit. Idempotent per offer."""
    existing = Contract.objects.filter(offer=offer).first()
    if existing is not None:
        return existing
    template = library_install(offer.sales_round.municipality)[Kind.PURCHASE_AGREEMENT]
    deposit_due, financing_ends, transfer = rules.default_dates(
        timezone.localdate(), deposit_days=template.deposit_days,
        financing_days=template.financing_condition_days, transfer_days=template.transfer_days,
    )  # fmt: skip
    with transaction.atomic():
        contract = Contract.objects.create(
            offer=offer, application=offer.application, property=offer.property,
            municipality=offer.sales_round.municipality,
            reference=_contract_reference(offer),
            transfer_date=transfer, notary=template.notary, deposit_due=deposit_due,
            financing_condition_ends=financing_ends,
        )  # fmt: skip
        ContractStatusChange.objects.create(
            contract=contract, to_status=rules.DRAFT, reason=_("Offer accepted")
        )
        _new_version(contract)
    return contract


def contract_update_dates(*, contract, actor, **dates) -> Contract:
    """Staff set the transfer date, notary or due dates of a draft; a new version follows."""
    with transaction.atomic():
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        if locked.status not in rules.REGENERABLE:
            raise ValidationError(_("Only a draft can change; this contract has been sent."))
        for field, value in dates.items():
            setattr(locked, field, value)
        locked.full_clean()
        locked.save(update_fields=list(dates))
        _new_version(locked)
    return locked


def contract_regenerate(*, contract, actor=None) -> ContractVersion:
    """A new version of a draft (after the template, a clause or the figures changed).
    A sent or signed contract never changes."""
    with transaction.atomic():
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        if locked.status not in rules.REGENERABLE:
            raise ValidationError(_("Only a draft can be made again; this contract has been sent."))
        return _new_version(locked)


def contract_retry_render(*, contract, actor) -> ContractVersion:
    """Make the PDF sent for signing again after its rendering failed (a missing font, a full
    disk): nothing else can move the contract while it is missing. Side effect: the render is
    queued after commit, and the buyer is mailed once it is stored (`contract_render`)."""
    with transaction.atomic():
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        version = locked.sent_version
        if version is None or not document_retry(ContractVersion, version.pk):
            raise ValidationError(
                _("Only a PDF for signing that could not be made is made again."), code="not_failed"
            )
        transaction.on_commit(lambda: _queue_render(version.pk), robust=True)
        return version


def contract_render(version_id: int) -> ContractVersion | None:
    """Render a pending version and store it with its SHA-256 (see `klushuis.documents`: a
    worker killed at any point leaves it pending, and the sweep renders it again). Idempotent:
    a version that is done is left alone. Side effect: once the final version is stored, the
    buyer is mailed that it can be downloaded."""
    from django.template.loader import render_to_string

    from contracts.pdf import render_pdf

    def mail_when_final(locked):
        if locked.final:
            # The buyer is told once the agreement they are to sign can be downloaded.
            transaction.on_commit(lambda: _mail(locked.contract_id, "sent"), robust=True)

    return document_render(
        ContractVersion, version_id, related=["contract", "template"],
        make_pdf=lambda version: render_pdf(
            render_to_string("pdf/contract.html", contract_context(version))
        ),
        filename=lambda version: f"{version.contract.reference}-v{version.number}.pdf",
        on_done=mail_when_final,
    )  # fmt: skip


def contract_context(version: ContractVersion) -> dict:
    """The template context of a version, from its recorded data and clause versions."""
    data = version.data
    contract = version.contract
    # The version's own clause versions, in the order recorded when it was made: a later
    # change of the template does not change what an earlier version says.
    by_pk = {v.pk: v for v in version.clause_versions.all()}
    articles = _articles([by_pk[pk] for pk in data["clause_order"]], data["values"])
    buyers = [{**b, "date_of_birth": _parse_date(b["date_of_birth"])} for b in data["buyers"]]
    return {
        "doc": {
            "title": "Koopovereenkomst",
            "reference": f"{contract.reference}-v{version.number}",
            "version": version.number,
            "generated_at": version.created_at,
            "template": f"{version.template.name} v{version.template_version}",
            # Decided by the version, not by the contract's status at render time: a draft
            # stays marked after sending, and the version sent for signing never is.
            "draft": not version.final,
        },
        "seller": data["seller"],
        "buyers": buyers,
        "home": data["home"],
        "summary": data["summary"],
        "articles": articles,
        "signing": data["signing"],
    }


def _parse_date(value):
    from datetime import date

    return date.fromisoformat(value) if value else None


def contracts_render_pending(*, now=None) -> int:
    """The sweep: queue every version left pending past the grace period (a worker died,
    the broker lost the message). Returns how many were queued."""
    return documents_render_pending(ContractVersion, _queue_render, now=now, grace=RENDER_GRACE)


def latest_version(contract) -> ContractVersion | None:
    return contract.versions.order_by("-number").first()


# --- Signing, the cooling-off period, dissolution and transfer -------------------------------


def _transition(contract: Contract, to: str, actor, reason: str = "", **fields) -> Contract:
    """The one place a contract's status changes: locked, checked against the table, with a
    history row. Call inside a transaction."""
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    if not rules.transition_allowed(locked.status, to):
        raise ValidationError(
            _("A purchase agreement cannot go from %(from)s to %(to)s.")
            % {"from": locked.get_status_display(), "to": Contract.Status(to).label},
            code="transition",
        )
    sent_rendering = _sent_rendering(locked)
    if rules.waits_for_sent_pdf(to, sent_pdf_ready=_ready(sent_rendering)):
        if sent_rendering == ContractVersion.Rendering.FAILED:
            message = _(
                "The PDF sent for signing could not be made (the error is on the agreement's "
                "page), so nobody can have signed it: no signature can be recorded until it is."
            )
        else:
            message = _(
                "The PDF sent for signing is still being made: a signature can be recorded "
                "once the buyer can download it, in a moment."
            )
        raise ValidationError(message, code="sent_pdf_not_ready")
    ContractStatusChange.objects.create(
        contract=locked, from_status=locked.status, to_status=to,
        actor=actor if getattr(actor, "pk", None) else None, reason=reason,
    )  # fmt: skip
    locked.status = to
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", *fields])
    return locked


def _sent_rendering(contract: Contract) -> str | None:
    """The rendering state of the version sent for signing; None when there is none (a draft,
    or an agreement sent before sent versions existed, which keeps working as before)."""
    if contract.sent_version_id is None:
        return None
    return (
        ContractVersion.objects.filter(pk=contract.sent_version_id)
        .values_list("rendering", flat=True)
        .first()
    )


def _ready(sent_rendering: str | None) -> bool:
    return sent_rendering in (None, ContractVersion.Rendering.DONE)


# The signature each status waits for.
def contract_signing_waits(contract: Contract) -> bool:
    """Whether recording the buyer's signature must wait for the PDF sent for signing (the
    staff page then offers no button and says why)."""
    return contract.status == rules.SENT and rules.waits_for_sent_pdf(
        rules.SIGNED_BY_BUYER, sent_pdf_ready=_ready(_sent_rendering(contract))
    )


def contract_send(*, contract, actor) -> Contract:
    """Send the checked draft to the buyer. Side effects: a final version (the same text
    without the draft marker) is recorded as the sent version and rendered after commit; once
    it is rendered the buyer is mailed (see `contract_render`); the application moves to
    "contract"."""
    from applications import rules as application_rules
    from applications.services import application_transition

    with transaction.atomic():
        version = latest_version(contract)
        if version is None or version.rendering != ContractVersion.Rendering.DONE:
            raise ValidationError(_("The PDF of the latest version is not ready yet."))
        seller = version.data["seller"]
        if not (seller["signatory_name"] and seller["address"] and contract.notary):
            raise ValidationError(
                _("Fill in the municipality's address, its signatory and the notary (in the "
                  "template and the dates), then make the agreement again.")
            )  # fmt: skip
        locked = _transition(
            contract, rules.SENT, actor,
            reason=_("Version %(number)s sent for signing") % {"number": version.number + 1},
            sent_at=timezone.now(),
            return_by=timezone.localdate() + timedelta(days=version.template.return_days),
        )  # fmt: skip
        # What the buyer signs is the checked draft's text, made again without the draft marker
        # and recorded as the version that was sent (its SHA-256 is written when it is rendered).
        final = _copy_version(version, final=True)
        locked.sent_version = final
        locked.save(update_fields=["sent_version"])
        if locked.application.status == application_rules.ACCEPTED:
            application_transition(
                application=locked.application, to=application_rules.CONTRACTED, actor=actor,
                reason=_("Purchase agreement %(reference)s sent") % {"reference": locked.reference},
            )  # fmt: skip
    return locked


def _copy_version(source: ContractVersion, *, final: bool) -> ContractVersion:
    """A new version with exactly the data, template version and clause versions of `source`,
    rendered after commit."""
    number = (source.contract.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ContractVersion.objects.create(
        contract=source.contract, number=number, data=source.data, final=final,
        template=source.template, template_version=source.template_version,
    )  # fmt: skip
    version.clause_versions.set(source.clause_versions.all())
    transaction.on_commit(lambda: _queue_render(version.pk), robust=True)
    return version


def contract_sent_version(contract: Contract) -> ContractVersion | None:
    """The version the buyer was sent to sign (pending until its PDF is rendered); None for a
    draft. Agreements sent before final versions existed fall back to their latest PDF."""
    if contract.status == rules.DRAFT:
        return None
    if contract.sent_version_id is not None:
        return contract.sent_version
    return contract.versions.filter(rendering=ContractVersion.Rendering.DONE).first()


def _mail(contract_id, event):
    from contracts import tasks

    tasks.send_contract_email.delay(contract_id, event)


def contract_record_buyer_signature(*, contract, actor, signed_at=None) -> Contract:
    """The signed agreement came back. Refused while the PDF sent for signing is not rendered
    (see `_transition`)."""
    with transaction.atomic():
        return _transition(
            contract, rules.SIGNED_BY_BUYER, actor, buyer_signed_at=signed_at or timezone.now()
        )


def cooling_off_applies(contract: Contract, handed_over) -> bool:
    """Art. 7:2 lid 2 BW: no new cooling-off period when the buyer used one to dissolve a
    sale of the same home with the same seller less than six months before."""
    earlier = (
        Contract.objects.filter(
            property=contract.property, municipality=contract.municipality,
            application__user=contract.application.user, status=rules.DISSOLVED,
            dissolved_at__isnull=False,
        )
        .exclude(pk=contract.pk)
        .order_by("-dissolved_at")
    )  # fmt: skip
    for previous in earlier:
        used_cooling_off = previous.history.filter(
            to_status=rules.DISSOLVED, reason__startswith=COOLING_OFF_REASON
        ).exists()
        if used_cooling_off and not cooling_off.cooling_off_applies(
            cooling_off.handover_date(previous.dissolved_at), cooling_off.handover_date(handed_over)
        ):
            return False
    return True


def contract_record_seller_signature(
    *, contract, actor, signed_copy, handed_over_at, signed_at=None
) -> Contract:
    """Both have signed; the signed copy is stored and the moment it was handed to the buyer
    recorded: the cooling-off period runs from the next day (art. 7:2 BW). Refused while the
    PDF sent for signing is not rendered (see `_transition`)."""
    from klushuis.uploads import PDF, pdf_store, validate_upload

    validate_upload(signed_copy, allowed={PDF}, max_bytes=rules.MAX_SIGNED_COPY_BYTES)
    if handed_over_at > timezone.now():
        raise ValidationError(_("The handover cannot be in the future."))
    with transaction.atomic():
        locked = _transition(
            contract, rules.SIGNED_BY_SELLER, actor,
            seller_signed_at=signed_at or timezone.now(), handed_over_at=handed_over_at,
            cooling_off_applies=cooling_off_applies(contract, handed_over_at),
        )  # fmt: skip
        pdf_store(locked, "signed_copy", signed_copy, f"{locked.reference}-getekend.pdf")
        locked.save(update_fields=["signed_copy", "signed_copy_original", "signed_copy_sha256"])
        transaction.on_commit(lambda: _mail(locked.pk, "signed"), robust=True)
    return locked


def cooling_off_state(contract: Contract, now=None) -> dict | None:
    """What both sides are shown: whether the period applies, its last day and whether it
    is still running. None before the signed agreement was handed over."""
    if contract.handed_over_at is None:
        return None
    now = now or timezone.now()
    last_day = cooling_off.cooling_off_last_day(contract.handed_over_at)
    ends_at = cooling_off.cooling_off_ends_at(contract.handed_over_at)
    handed_over_on = cooling_off.handover_date(contract.handed_over_at)
    return {
        "applies": contract.cooling_off_applies,
        "handed_over_on": handed_over_on,
        "first_day": handed_over_on + timedelta(days=1),
        "last_day": last_day,
        "ends_at": ends_at,
        "running": contract.cooling_off_applies and now < ends_at,
    }


COOLING_OFF_REASON = "Bedenktijd"


def contract_dissolve_by_buyer(*, contract, actor) -> Contract:
    """The buyer dissolves within the cooling-off period, checked on the server's clock.
    Side effects: as `_after_dissolution`."""
    with transaction.atomic():
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        if locked.application.user_id != actor.pk:
            raise ValidationError(_("Only the buyer can use the cooling-off period."))
        state = cooling_off_state(locked)
        if locked.status == rules.SIGNED_BY_BUYER and state is None:
            pass  # signed, not yet handed over: the period has not even started
        elif state is None or not state["running"]:
            raise ValidationError(
                _("The cooling-off period has ended; the purchase can no longer be dissolved "
                  "this way."),
                code="cooling_off_over",
            )  # fmt: skip
        now = timezone.now()
        locked = _transition(
            locked, rules.DISSOLVED, actor,
            reason=f"{COOLING_OFF_REASON} (art. 7:2 BW)", dissolved_at=now,
            dissolution_reason=_("Dissolved by the buyer within the cooling-off period"),
        )  # fmt: skip
        _after_dissolution(locked, actor)
    return locked


def contract_withdraw_accepted(*, application, actor):
    """The buyer withdraws their application after accepting, before the agreement was sent:
    the draft is dissolved and the home passes to the next reserve candidate."""
    with transaction.atomic():
        contract = (
            Contract.objects.select_for_update()
            .filter(application=application, status=rules.DRAFT)
            .first()
        )
        if contract is None:
            raise ValidationError(
                _("Your purchase agreement has been sent: dissolve it within the cooling-off "
                  "period, or contact the municipality."),
            )  # fmt: skip
        reason = _("The buyer withdrew the application before the agreement was sent")
        locked = _transition(
            contract, rules.DISSOLVED, actor, reason=reason, dissolved_at=timezone.now(),
            dissolution_reason=reason,
        )  # fmt: skip
        _after_dissolution(locked, actor)
    application.refresh_from_db()
    return application


def contract_dissolve_by_staff(*, contract, actor, reason: str) -> Contract:
    """Staff record a dissolution for another reason (the financing condition, default)."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for the dissolution."))
    with transaction.atomic():
        locked = _transition(
            contract, rules.DISSOLVED, actor, reason=reason.strip(),
            dissolved_at=timezone.now(), dissolution_reason=reason.strip(),
        )  # fmt: skip
        _after_dissolution(locked, actor)
    return locked


def _after_dissolution(contract: Contract, actor):
    """The home is free again: the accepted offer is withdrawn (logged), the application
    ends, and the home goes to its next reserve candidate."""
    from applications import rules as application_rules
    from applications.models import Offer, OfferLogEntry
    from applications.offers.services import offers_cascade
    from applications.services import application_transition

    offer = Offer.objects.select_for_update().get(pk=contract.offer_id)
    offer.status = Offer.Status.WITHDRAWN
    offer.reason = contract.dissolution_reason
    offer.save(update_fields=["status", "reason"])
    OfferLogEntry.objects.create(
        sales_round_id=offer.sales_round_id, property_id=offer.property_id,
        reference=contract.application.reference, event=OfferLogEntry.Event.WITHDRAWN,
    )  # fmt: skip
    if contract.application.status in (application_rules.ACCEPTED, application_rules.CONTRACTED):
        application_transition(
            application=contract.application, to=application_rules.WITHDRAWN, actor=actor,
            reason=_("Purchase agreement %(reference)s dissolved")
            % {"reference": contract.reference},
        )  # fmt: skip
    transaction.on_commit(lambda: _mail(contract.pk, "dissolved"), robust=True)
    offers_cascade(sales_round=offer.sales_round)


def contract_transfer(*, contract, actor, transferred_at=None) -> Contract:
    """The notary passed the deed. Not while the buyer may still dissolve."""
    with transaction.atomic():
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        state = cooling_off_state(locked)
        if state is not None and state["running"]:
            raise ValidationError(
                _("The cooling-off period runs until %(day)s; transfer after that.")
                % {"day": dutch_day(state["last_day"])}
            )
        return _transition(
            locked, rules.TRANSFERRED, actor, transferred_at=transferred_at or timezone.now()
        )


# --- Previews and letters ---------------------------------------------------------------------


def block_html(block) -> str:
    """A rendered clause block as HTML. Safe: `contracts.clauses.fill` escaped every part."""
    from django.utils.safestring import mark_safe

    if block.kind == "list":
        items = "".join(f"<li>{item}</li>" for item in block.html)
        return mark_safe(f"<ul>{items}</ul>")  # noqa: S308 - escaped by clauses.fill
    return mark_safe("".join(f"<p>{part}</p>" for part in block.html))  # noqa: S308 - idem


def _sample_offer(municipality):
    from applications.models import Offer

    return (
        Offer.objects.filter(sales_round__municipality=municipality, status="accepted")
        .select_related("application", "property__current_figures", "sales_round__municipality")
        .order_by("-decided_at")
        .first()
    )


# Previews show how a document prints to staff who may not read buyers' data (and need not):
# the home and figures of a real sale, with this made-up buyer in place of the real one.
SAMPLE_BUYER = {
    "name": "J. Voorbeeld",
    "date_of_birth": "1990-01-01",
    "place_of_birth": "Voorbeeldstad",
    "civil_status": "ongehuwd",
    "address": "Voorbeeldstraat 1, 1234 AB Voorbeeldstad",
}
SAMPLE_REFERENCE = "VOORBEELD"


def _sample_data(offer, template) -> dict:
    """`document_data` of a real sale with the sample buyer: no buyer's name, birth data,
    civil status or address reaches a preview."""
    data = document_data(offer=offer, template=template)
    data["buyers"] = [dict(SAMPLE_BUYER)]
    data["values"]["koper"] = SAMPLE_BUYER["name"]
    return data


def sample_values(municipality) -> dict[str, str]:
    """For previews: the figures of the latest accepted offer of the municipality with the
    sample buyer, or nothing (the preview then shows each placeholder's name)."""
    offer = _sample_offer(municipality)
    if offer is None:
        return {}
    template = library_install(municipality)[Kind.PURCHASE_AGREEMENT]
    return {**_sample_data(offer, template)["values"], **_offer_values(offer)}


def _offer_values(offer) -> dict[str, str]:
    """The placeholders only letters about an offer use: the answer deadline."""
    with translation.override("nl"):
        moment = timezone.localtime(offer.answer_by())
        return {"antwoord_uiterlijk": formats.date_format(moment, "l j F Y, H:i") + " uur"}


def _articles(versions, values) -> list[dict]:
    """Numbered articles from clause versions, filled in and escaped."""
    return [
        {"number": number, "title": version.title, "blocks": clauses.render(version.body, values)}
        for number, version in enumerate(versions, start=1)
    ]


def _render_articles(template, values) -> list[dict]:
    return _articles(_clause_versions(template), values)


def template_preview_pdf(template: DocumentTemplate) -> bytes:
    """The template as it would print now, with sample figures (see `sample_values`)."""
    from django.template.loader import render_to_string

    from contracts.pdf import render_pdf

    offer = _sample_offer(template.municipality)
    if template.kind != Kind.PURCHASE_AGREEMENT:
        if offer is None:
            return render_pdf(render_to_string("pdf/letter.html", _letter_context(
                template, values={}, recipient="", address="", reference="")))  # fmt: skip
        return letter_pdf(kind=template.kind, offer=offer, template=template, sample=True)
    data = _sample_data(offer, template) if offer else None
    values = data["values"] if data else {}
    context = {
        "doc": {
            "title": "Koopovereenkomst", "reference": "VOORBEELD", "version": 0,
            "generated_at": timezone.now(), "template": f"{template.name} v{template.version}",
            "draft": True,
        },
        "seller": data["seller"] if data else {
            "name": template.municipality.name, "address": template.seller_address,
            "signatory_name": template.signatory_name,
            "signatory_title": template.signatory_title,
        },
        "buyers": [
            {**b, "date_of_birth": _parse_date(b["date_of_birth"])} for b in data["buyers"]
        ] if data else [],
        "home": data["home"] if data else {"address": "[woning_adres]", "cadastral": "",
                                           "plot_area": None, "tenure": ""},
        "summary": data["summary"] if data else [],
        "articles": _render_articles(template, values),
        "signing": data["signing"] if data else {"place": ""},
    }  # fmt: skip
    return render_pdf(render_to_string("pdf/contract.html", context))


def _letter_context(template, *, values, recipient, address, reference) -> dict:
    return {
        "letter": {
            "sender": template.municipality.name,
            "sender_address": template.seller_address,
            "date": timezone.localdate(),
            "recipient_name": recipient,
            "recipient_address": address,
            "subject": template.name,
            "reference": reference,
        },
        "blocks_by_section": [
            {"title": a["title"], "blocks": a["blocks"]} for a in _render_articles(template, values)
        ],
        "signatory": {"name": template.signatory_name, "title": template.signatory_title},
    }


def letter_pdf(*, kind: str, offer=None, application=None, template=None, sample=False) -> bytes:
    """A letter from the same template system: the offer letter and the notary instruction
    (for an offer), or the rejection letter (for an application). A `sample` (a preview) has
    the offer's home and figures with the sample buyer."""
    from django.template.loader import render_to_string

    from contracts.pdf import render_pdf

    application = application or offer.application
    municipality = application.sales_round.municipality
    template = template or library_install(municipality)[kind]
    if offer is not None:
        purchase = library_install(municipality)[Kind.PURCHASE_AGREEMENT]
        if sample:
            data = _sample_data(offer, purchase)
        else:
            contract = Contract.objects.filter(offer=offer).first()
            data = document_data(offer=offer, template=purchase, contract=contract)
        values = {**data["values"], **_offer_values(offer)}
        address = data["buyers"][0]["address"] if data["buyers"] else ""
    else:
        values = {"verkoper": municipality.name, "koper": " en ".join(
            a.full_name for a in application.applicants.all())}  # fmt: skip
        address = ""
    if kind == Kind.NOTARY_INSTRUCTION:
        recipient = values.get("notaris") or template.notary
    else:
        recipient = values.get("koper", "")
    context = _letter_context(
        template, values=values, recipient=recipient,
        address="" if kind == Kind.NOTARY_INSTRUCTION else address,
        reference=SAMPLE_REFERENCE if sample else application.reference,
    )  # fmt: skip
    return render_pdf(render_to_string("pdf/letter.html", context))
