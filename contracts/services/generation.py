"""What a document for a sale says, and its versions: the draft purchase agreement, new
versions of a draft, the version sent for signing, and their rendering.

Generation is recorded in the database first (a `ContractVersion` in "pending") and rendered
by a Celery task after commit. The task is idempotent and safe to retry; a worker killed
mid-render leaves the version pending (the PDF is stored and the row marked done in one
transaction), and `contracts_render_pending` (beat, and `manage.py render_contracts`) picks
it up again.
"""

import hashlib
import io
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from contracts import clauses, cooling_off, penalties, rules, tasks
from contracts.models import (
    ClauseVersion,
    Contract,
    ContractStatusChange,
    ContractVersion,
    Kind,
    TemplateClause,
)
from contracts.services.templates import library_install
from klushuis import outbox, pdf
from klushuis.documents import (
    RENDER_GRACE,
    document_render,
    document_retry,
    documents_render_pending,
)
from klushuis.templatetags.portal import euro


def _money(amount) -> str:
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


def _anti_speculation(sales_round) -> str | None:
    """What the buyer pays on a resale within the period; None: the round has no such clause,
    and the article is left out (`clauses.NOT_APPLICABLE`)."""
    if sales_round.anti_speculation == "profit_share":
        return f"{sales_round.anti_speculation_percentage}% van de winst bij verkoop"
    if sales_round.anti_speculation == "fixed_sum":
        return f"een bedrag van {_money(sales_round.anti_speculation_amount)}"
    return clauses.NOT_APPLICABLE


def dutch_list(names: list[str]) -> str:
    """ "A, B en C": how Dutch joins a list of names."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} en {names[-1]}"


def article_references(*, anti_speculation: bool) -> dict[str, str]:
    """The lists of articles that other articles name, with only the articles this agreement
    carries: without an anti-speculation clause no article may refer to one (issue #14)."""
    optional = ["Anti-speculatiebeding"] if anti_speculation else []
    exempt = ["Zelfbewoningsplicht", *optional]
    return {
        "artikelen_kettingbeding": dutch_list(
            ["Renovatieverplichting", "Zelfbewoningsplicht", *optional, "Boetebeding"]
        ),
        "artikelen_ontheffing": (
            f"de artikelen {dutch_list(exempt)}" if len(exempt) > 1 else f"het artikel {exempt[0]}"
        ),
        "artikelen_einde": dutch_list(
            ["Renovatieverplichting", "Zelfbewoningsplicht", "Kettingbeding", *optional]
        ),
        "artikelen_na_levering": dutch_list(
            [
                "Financieringseis en bouwdepot",
                "Renovatieverplichting",
                "Zelfbewoningsplicht",
                *optional,
                "Kettingbeding",
                "Boetebeding",
            ]
        ),
    }


def _what_is_sold(home) -> dict:
    """What is sold, per kind of property: full ownership of a house with its plot, an
    apartment right (Boek 5 titel 9 BW, art. 5:106 e.v.: a share in the building with the
    exclusive use of the home, the owners' association and its rules; no plot area of its
    own), or leasehold (erfpacht, art. 5:85 e.v. BW: the ground rent, whether it is bought off,
    its conditions). A value of None leaves out what does not apply."""
    apartment = home.is_apartment_right
    leasehold = home.tenure == "leasehold"
    na = clauses.NOT_APPLICABLE
    if apartment:
        sold = (
            "het appartementsrecht, rechtgevende op het uitsluitend gebruik van de woning met "
            "verdere aanhorigheden, met het daarbij behorende aandeel in de gemeenschap"
        )
        kind = "appartementsrecht op erfpachtgrond" if leasehold else "appartementsrecht"
    elif leasehold:
        sold = (
            "het recht van erfpacht van de grond met de daarop staande woning en verdere "
            "aanhorigheden"
        )
        kind = "erfpacht"
    else:
        sold = "de woning met ondergrond, erf en verdere aanhorigheden"
        kind = "volle eigendom"
    bought_off = home.ground_rent_bought_off_until
    return {
        "het_verkochte": sold,
        "eigendom": kind,
        "perceel_oppervlakte": na if apartment else str(home.plot_area_m2 or ""),
        "appartement_aandeel": home.apartment_share if apartment else na,
        "splitsingsakte": home.owners_association_rules if apartment else na,
        "vve": home.owners_association if apartment else na,
        "vve_bijdrage": (
            _money(home.owners_association_contribution)
            if apartment and home.owners_association_contribution is not None
            else ("" if apartment else na)
        ),
        "erfpacht_voorwaarden": home.leasehold_terms if leasehold else na,
        # Bought off: no yearly ground rent is named; otherwise the rent (missing if unknown).
        "erfpacht_canon": (
            na
            if not leasehold or bought_off is not None
            else (_money(home.ground_rent) if home.ground_rent is not None else "")
        ),
        "erfpacht_afgekocht_tot": dutch_day(bought_off) if leasehold and bought_off else na,
    }


def requirements_document(home):
    """The programme of requirements a new version of the agreement carries as its annex: the
    home's most recently uploaded document of that kind (a newer PvE replaces an older one;
    never the alphabetically first). None when the home has none."""
    return home.documents.filter(kind="requirements").order_by("-uploaded_at", "-pk").first()


def _file_sha256(document) -> str:
    with document.file.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _annex(home) -> dict | None:
    document = requirements_document(home)
    if document is None:
        return None
    return {"id": document.pk, "title": document.title, "sha256": _file_sha256(document)}


def round_penalty(sales_round) -> penalties.Penalty:
    """The penalty of the article Boetebeding, from the round."""
    return penalties.Penalty(
        fixed=sales_round.penalty_amount or Decimal(0),
        percentage=sales_round.penalty_percentage,
        daily=sales_round.penalty_daily_amount,
        cap=sales_round.penalty_cap,
    )


def default_penalties(template, price) -> dict[str, penalties.Penalty]:
    """The penalties of the article Verzuim, from the template: one on dissolution, one per day
    of default when performance is claimed (never both)."""
    return {
        "dissolution": penalties.Penalty(percentage=template.default_penalty_percentage),
        "daily": penalties.Penalty(
            daily=penalties.percentage_of(price, template.default_daily_penalty_percentage),
            cap=penalties.percentage_of(price, template.default_penalty_cap_percentage),
        ),
    }


def _penalty_data(penalty: penalties.Penalty) -> dict:
    return {
        name: (str(value) if value is not None else None)
        for name, value in (
            ("fixed", penalty.fixed),
            ("percentage", penalty.percentage),
            ("daily", penalty.daily),
            ("cap", penalty.cap),
        )
    }


def document_data(*, offer, template, signing=None, contract=None) -> dict:
    """Everything a document for this sale says, as plain JSON: the placeholder values and the
    parties, home and key figures. Every amount, date and period comes from the round, the
    property, the application or the template, never from the clause text."""
    application = offer.application
    sales_round = offer.sales_round
    home = offer.property
    figures = home.current_figures
    made = signing or timezone.localdate()
    deposit_due = contract.deposit_due if contract is not None else None
    financing_ends = contract.financing_condition_ends if contract is not None else None
    if contract is not None:
        transfer, notary = contract.transfer_date, contract.notary
    else:
        transfer = rules.proposed_transfer_date(made, transfer_days=template.transfer_days)
        notary = template.notary
    start, completion = rules.renovation_deadlines(
        transfer, sales_round.renovation_start_months, sales_round.renovation_completion_months
    )
    price = figures.purchase_price
    requirement = price + figures.minimum_renovation_budget
    buyers = _buyers(application, offer)
    general = round_penalty(sales_round)
    verzuim = default_penalties(template, price)
    annex = _annex(home)
    anti_speculation = _anti_speculation(sales_round)
    profit_share = sales_round.anti_speculation == "profit_share"
    sold = _what_is_sold(home)
    values = {
        "verkoper": sales_round.municipality.name,
        "koper": " en ".join(b["name"] for b in buyers),
        "woning_adres": f"{home.address}, {home.postcode} {home.city}",
        "kadastraal": home.cadastral_designation,
        **sold,
        "koopsom": _money(price),
        "kosten": "kosten koper" if figures.price_condition == "kk" else "vrij op naam",
        "minimaal_renovatiebudget": _money(figures.minimum_renovation_budget),
        "financieringseis": _money(requirement),
        "waarborgsom": _money(rules.percentage_of(price, template.deposit_percentage)),
        # Until the agreement is signed these terms are "N days after signing", not a date
        # that could fall before the signing or inside the cooling-off period.
        "waarborgsom_datum": (
            dutch_day(deposit_due)
            if deposit_due
            else rules.days_after_signing(template.deposit_days)
        ),
        "financieringsvoorbehoud_datum": (
            dutch_day(financing_ends)
            if financing_ends
            else rules.days_after_signing(template.financing_condition_days)
        ),
        "leveringsdatum": dutch_day(transfer),
        "notaris": notary,
        "programma_van_eisen": (
            f"„{annex['title']}”" if annex else "geen (er is geen programma van eisen gehecht)"
        ),
        "pve_bijlage": (
            f"het document „{annex['title']}” (SHA-256 {annex['sha256']}), dat als bijlage aan "
            "deze overeenkomst is gehecht en daarvan deel uitmaakt"
            if annex
            else "nog niet vastgesteld: aan deze versie van de overeenkomst is geen programma "
            "van eisen gehecht"
        ),
        "inspectie_weken": str(template.inspection_weeks),
        "start_renovatie_datum": dutch_day(start),
        "gereed_renovatie_datum": dutch_day(completion),
        "start_renovatie_maanden": str(sales_round.renovation_start_months),
        "gereed_renovatie_maanden": str(sales_round.renovation_completion_months),
        "zelfbewoning_jaren": str(sales_round.self_occupancy_years),
        "antispeculatie_jaren": (
            str(sales_round.anti_speculation_years) if anti_speculation else None
        ),
        "antispeculatie_regeling": anti_speculation,
        "antispeculatie_winstdeel": (
            f"{sales_round.anti_speculation_percentage}%" if profit_share else None
        ),
        "boete_regeling": penalties.penalty_phrase(general, price=price, money=_money),
        **article_references(anti_speculation=anti_speculation is not None),
        "verzuim_dagen": str(template.notice_days),
        "verzuim_boete": _money(verzuim["dissolution"].base(price)),
        "verzuim_dagboete": _money(verzuim["daily"].daily),
        "verzuim_maximum": _money(verzuim["daily"].cap),
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
            "plot_area": None if home.is_apartment_right else home.plot_area_m2,
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
            ["Inspectie na gereedmelding", f"binnen {values['inspectie_weken']} weken"],
            *_summary_of_what_is_sold(values),
            ["Bijlage Programma van Eisen", values["programma_van_eisen"]],
        ],
        "requirements": annex,
        "inspection_weeks": template.inspection_weeks,
        "figures_version": figures.version,
        "signing": {"place": home.city},
        "deposit_due": deposit_due.isoformat() if deposit_due else None,
        "financing_condition_ends": financing_ends.isoformat() if financing_ends else None,
        # The terms the signing fixes as dates (`contract_record_seller_signature`).
        "terms": {
            "deposit_days": template.deposit_days,
            "financing_condition_days": template.financing_condition_days,
            "renovation_start_months": sales_round.renovation_start_months,
            "renovation_completion_months": sales_round.renovation_completion_months,
        },
        "transfer_date": transfer.isoformat(),
        # One breach, one penalty: what each breach costs, as `contracts.penalties` computes it
        # (aftercare reads these; the clause text above is made from the same data).
        "penalties": {
            "general": _penalty_data(general),
            "default_dissolution": _penalty_data(verzuim["dissolution"]),
            "default_daily": _penalty_data(verzuim["daily"]),
            "notice_days": template.notice_days,
        },
        # The anti-speculation clause as figures (aftercare computes the payment on a resale
        # from these, never from the round, which may have changed since).
        "purchase_price": str(price),
        "anti_speculation": {
            "method": sales_round.anti_speculation,
            "years": sales_round.anti_speculation_years if anti_speculation else None,
            "percentage": (str(sales_round.anti_speculation_percentage) if profit_share else None),
            "amount": (
                str(sales_round.anti_speculation_amount)
                if sales_round.anti_speculation == "fixed_sum"
                else None
            ),
        },
    }


def _summary_of_what_is_sold(values) -> list[list[str]]:
    rows = [["Verkocht", values["eigendom"]]]
    if values["vve"] is not None:
        rows.append(["Vereniging van Eigenaars", values["vve"] or "[vve]"])
        rows.append(["Bijdrage VvE per maand", values["vve_bijdrage"] or "[vve_bijdrage]"])
    if values["erfpacht_canon"] is not None:
        rows.append(["Canon per jaar", values["erfpacht_canon"] or "[erfpacht_canon]"])
    if values["erfpacht_afgekocht_tot"] is not None:
        rows.append(["Canon afgekocht tot en met", values["erfpacht_afgekocht_tot"]])
    return rows


def _clause_versions(template) -> list[ClauseVersion]:
    """The versions in use of the template's clauses, in the template's order."""
    links = TemplateClause.objects.filter(template=template).select_related("clause__current")
    return [link.clause.current for link in links if link.clause.current is not None]


def _articles(versions, values) -> list[dict]:
    """Numbered articles from clause versions, filled in and escaped."""
    applying = [version for version in versions if clauses.applies(version.body, values)]
    return [
        {"number": number, "title": version.title, "blocks": clauses.render(version.body, values)}
        for number, version in enumerate(applying, start=1)
    ]


def _render_articles(template, values) -> list[dict]:
    return _articles(_clause_versions(template), values)


# --- Generation ----------------------------------------------------------------------------------


def _new_version(contract: Contract) -> ContractVersion:
    template = library_install(contract.municipality)[Kind.PURCHASE_AGREEMENT]
    data = document_data(offer=contract.offer, template=template, contract=contract)
    used = _clause_versions(template)
    data["clause_order"] = [v.pk for v in used]
    number = (contract.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    annex = data["requirements"]
    version = ContractVersion.objects.create(
        contract=contract,
        number=number,
        data=data,
        template=template,
        template_version=template.version,
        requirements_document_id=annex["id"] if annex else None,
        requirements_sha256=annex["sha256"] if annex else "",
    )
    version.clause_versions.set(used)
    _queue_render(version.pk)
    return version


def _queue_render(version_id):
    """Record the render of this version (klushuis.outbox: sent after commit)."""
    outbox.send(tasks.render_contract, version_id)


def _mail(contract_id, event):
    outbox.send(tasks.send_contract_email, contract_id, event)


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
    transfer = rules.proposed_transfer_date(
        timezone.localdate(), transfer_days=template.transfer_days
    )
    with transaction.atomic():
        contract = Contract.objects.create(
            offer=offer,
            application=offer.application,
            property=offer.property,
            municipality=offer.sales_round.municipality,
            reference=_contract_reference(offer),
            transfer_date=transfer,
            notary=template.notary,
        )
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
        _queue_render(version.pk)
        return version


def contract_render(version_id: int) -> ContractVersion | None:
    """Render a pending version and store it with its SHA-256 (see `klushuis.documents`: a
    worker killed at any point leaves it pending, and the sweep renders it again). Idempotent:
    a version that is done is left alone. Side effect: once the final version is stored, the
    buyer is mailed that it can be downloaded."""

    def mail_when_final(locked):
        if locked.final:
            # The buyer is told once the agreement they are to sign can be downloaded.
            _mail(locked.contract_id, "sent")

    return document_render(
        ContractVersion,
        version_id,
        related=["contract", "template", "requirements_document"],
        make_pdf=lambda version: with_annex(
            pdf.render_pdf(render_to_string("pdf/contract.html", contract_context(version))),
            version,
        ),
        filename=lambda version: f"{version.contract.reference}-v{version.number}.pdf",
        on_done=mail_when_final,
    )


def with_annex(agreement: bytes, version: ContractVersion) -> bytes:
    """The agreement's PDF with the pages of its programme of requirements appended: the annex
    is part of the signed document (DOMAIN.md, "What a purchase agreement carries"). The file
    must still be exactly the one whose hash the version recorded; otherwise the render fails
    rather than attach another text."""
    document = version.requirements_document
    if document is None:
        return agreement
    with document.file.open("rb") as handle:
        annex = handle.read()
    if hashlib.sha256(annex).hexdigest() != version.requirements_sha256:
        raise ValueError(
            f"The programme of requirements {document.pk} changed since version {version.pk} "
            "recorded it."
        )
    # Cloned, not copied page by page: the agreement keeps its catalog (tags, language,
    # metadata; PDF/UA), and the annex's pages follow.
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(agreement)))
    writer.append(PdfReader(io.BytesIO(annex)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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
    return date.fromisoformat(value) if value else None


def contracts_render_pending(*, now=None) -> int:
    """The sweep: queue every version left pending past the grace period (a worker died,
    the broker lost the message). Returns how many were queued."""
    return documents_render_pending(
        ContractVersion, tasks.render_contract.delay, now=now, grace=RENDER_GRACE
    )


def _copy_version(source: ContractVersion, *, final: bool) -> ContractVersion:
    """A new version with exactly the data, template version and clause versions of `source`,
    rendered after commit."""
    number = (source.contract.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ContractVersion.objects.create(
        contract=source.contract,
        number=number,
        data=source.data,
        final=final,
        template=source.template,
        template_version=source.template_version,
        requirements_document=source.requirements_document,
        requirements_sha256=source.requirements_sha256,
    )
    version.clause_versions.set(source.clause_versions.all())
    _queue_render(version.pk)
    return version
