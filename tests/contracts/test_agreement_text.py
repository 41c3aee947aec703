"""What the purchase agreement says, read from its PDF, per kind of property and per round
(issue #14: items 2, 3, 5, 6, 10 and 11)."""

import hashlib
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from contracts import clauses, services
from contracts.models import Clause, TemplateClause
from contracts.services import generation
from klushuis import pdf
from properties.models import PropertyDocument, SalesRound
from tests.contracts.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _render(contract):
    """A new version of the draft, rendered; its PDF bytes and its one-line text."""
    version = services.contract_regenerate(contract=contract)
    services.contract_render(version.pk)
    version.refresh_from_db()
    with version.pdf.open("rb") as handle:
        data = handle.read()
    return version, data, " ".join(pdf_text(data).split())


def _money(amount):
    return generation._money(amount).replace("\xa0", " ")


# --- The mechanism: what does not apply is left out -------------------------------------------


def test_a_paragraph_or_item_whose_placeholder_does_not_apply_is_left_out():
    text = "Eerste {koopsom}.\n\n- a {vve};\n- b {koopsom}.\n\nTweede {vve}.\n\nDerde {notaris}."
    values = {"koopsom": "€ 1", "vve": None, "notaris": ""}
    blocks = clauses.render(text, values)
    assert [b.kind for b in blocks] == ["paragraph", "list", "paragraph"]
    assert blocks[1].html == ("b € 1.",)
    # A missing value (empty) still shows, so a draft says what is missing.
    assert "[notaris]" in blocks[2].html[0]
    assert clauses.applies(text, values)
    assert not clauses.applies("Koper betaalt {vve}.\n\nMeer tekst.", values)


# --- 2. What is sold ----------------------------------------------------------------------------


def test_a_house_in_full_ownership_has_its_plot_and_no_vve_or_canon(accepted):
    home = accepted.property
    home.plot_area_m2 = 143
    home.save()
    _, _, text = _render(accepted)
    assert "de woning met ondergrond, erf en verdere aanhorigheden" in text
    assert "perceeloppervlakte: 143 m²" in text
    assert "volle eigendom" in text
    assert "Vereniging van Eigenaars" not in text
    assert "canon" not in text
    assert "appartementsrecht" not in text


def test_an_apartment_right_names_its_share_and_vve_and_no_plot_area(accepted):
    home = accepted.property
    home.cadastral_apartment_index = 2
    home.plot_area_m2 = 143  # on the property, but an apartment right has no plot of its own
    home.apartment_share = "37/1000"
    home.owners_association = "Vereniging van Eigenaars Kaaistraat 1-7"
    home.owners_association_rules = "akte van 3 maart 1998, verleden voor mr. A. Jansen"
    home.owners_association_contribution = Decimal("87.50")
    home.save()
    version, _, text = _render(accepted)
    assert "het appartementsrecht, rechtgevende op het uitsluitend gebruik van de woning" in text
    assert "aandeel in de gemeenschap: 37/1000" in text
    assert "Vereniging van Eigenaars Kaaistraat 1-7" in text
    assert "akte van 3 maart 1998" in text
    assert f"{_money(Decimal('87.50'))} per maand" in text
    assert "perceeloppervlakte" not in text
    assert "143 m²" not in text
    assert "ondergrond, erf" not in text
    assert "De grond wordt gehouden in erfpacht" not in text
    assert "canon" not in text
    assert version.data["home"]["plot_area"] is None


def test_a_leasehold_names_its_canon_and_conditions(accepted):
    home = accepted.property
    home.tenure = "leasehold"
    home.leasehold_terms = "de Algemene Bepalingen voortdurende erfpacht 2016 van Havenstad"
    home.ground_rent = Decimal(1240)
    home.save()
    _, _, text = _render(accepted)
    assert "het recht van erfpacht van de grond met de daarop staande woning" in text
    assert "Algemene Bepalingen voortdurende erfpacht 2016 van Havenstad" in text
    assert f"De canon bedraagt {_money(Decimal(1240))} per jaar" in text
    assert "afgekocht" not in text
    assert "Vereniging van Eigenaars" not in text

    home.ground_rent = None
    home.ground_rent_bought_off_until = date(2056, 12, 31)
    home.save()
    _, _, text = _render(accepted)
    assert "De canon is afgekocht tot en met 31 december 2056" in text
    assert "De canon bedraagt" not in text


# --- 3. The PvE annex ---------------------------------------------------------------------------


def _requirements(home, title, body, uploaded_at):
    data = pdf.render_pdf(f"<html lang='nl'><body><p>{body}</p></body></html>")
    return PropertyDocument.objects.create(
        property=home,
        kind="requirements",
        title=title,
        file=SimpleUploadedFile(f"{title}.pdf", data, content_type="application/pdf"),
        uploaded_at=uploaded_at,
    )


def test_the_pve_is_appended_and_the_version_records_exactly_that_file(accepted_without_pve):
    accepted = accepted_without_pve
    home = accepted.property
    now = timezone.now()
    # The alphabetically first is the older one: the newest is the PvE in force.
    _requirements(home, "A oud PvE", "Oude eis: enkel glas mag blijven", now - timedelta(days=9))
    newest = _requirements(home, "B PvE 2026", "Eis dakisolatie Rc 6,3", now)
    version, data, text = _render(accepted)

    with newest.file.open("rb") as handle:
        annex = handle.read()
    assert version.requirements_document == newest
    assert version.requirements_sha256 == hashlib.sha256(annex).hexdigest()
    assert f"SHA-256 {version.requirements_sha256}" in text
    assert "Eis dakisolatie Rc 6,3" in text
    assert "enkel glas" not in text
    # The annex's pages are the last pages of the agreement's PDF.
    pages = PdfReader(io.BytesIO(data)).pages
    annex_pages = len(PdfReader(io.BytesIO(annex)).pages)
    assert "dakisolatie" in pages[-annex_pages].extract_text()
    assert "dakisolatie" not in pages[-annex_pages - 1].extract_text()


def test_a_version_without_a_pve_says_so(accepted_without_pve):
    version, _, text = _render(accepted_without_pve)
    assert version.requirements_document is None
    assert version.requirements_sha256 == ""
    assert "aan deze versie van de overeenkomst is geen programma van eisen gehecht" in text


def test_an_agreement_without_a_pve_cannot_be_sent(accepted_without_pve, bureau_staff):
    contract = accepted_without_pve
    _render(contract)
    with pytest.raises(ValidationError) as refused:
        services.contract_send(contract=contract, actor=bureau_staff)
    assert refused.value.code == "requirements"
    contract.refresh_from_db()
    assert contract.status == "draft"


# --- 10. Empty clauses; profit defined ---------------------------------------------------------


def test_without_anti_speculation_the_article_is_left_out(accepted):
    SalesRound.objects.filter(pk=accepted.offer.sales_round_id).update(anti_speculation="none")
    _, _, text = _render(accepted)
    assert "niets" not in text
    assert "Anti-speculatiebeding Vervreemdt" not in text
    assert "Onder winst wordt verstaan" not in text
    assert "Einde van de verplichtingen" in text
    # No other article refers to the article that was left out.
    assert "speculatiebeding" not in text
    assert "uit de artikelen Renovatieverplichting, Zelfbewoningsplicht en Boetebeding" in text
    assert "ontheffing van de verplichtingen uit het artikel Zelfbewoningsplicht" in text


def test_with_anti_speculation_the_other_articles_name_it(accepted):
    SalesRound.objects.filter(pk=accepted.offer.sales_round_id).update(
        anti_speculation="fixed_sum", anti_speculation_amount=Decimal(15000)
    )
    _, _, text = _render(accepted)
    text = text.replace("Anti- speculatie", "Anti-speculatie")  # a hyphen at a line's end
    assert (
        "Renovatieverplichting, Zelfbewoningsplicht, Anti-speculatiebeding en Boetebeding, "
        "alsmede dit artikel" in text
    )
    assert "uit de artikelen Zelfbewoningsplicht en Anti-speculatiebeding of van de boete" in text
    assert "Zelfbewoningsplicht, Kettingbeding en Anti-speculatiebeding, eindigen" in text


def test_a_profit_share_defines_profit(accepted):
    SalesRound.objects.filter(pk=accepted.offer.sales_round_id).update(
        anti_speculation="profit_share", anti_speculation_percentage=40
    )
    _, _, text = _render(accepted)
    assert "40% van de winst" in text
    assert "Onder winst wordt verstaan: de prijs waarvoor Koper de Woning vervreemdt" in text


# --- 5, 6, 11. Bans from transfer, inspection term, release -----------------------------------


def test_bans_run_from_transfer_inspection_has_a_term_and_the_buyer_is_released(accepted):
    template = accepted.versions.first().template
    template.inspection_weeks = 5
    template.save()
    version, _, text = _render(accepted)
    assert "Vanaf de dag van de levering tot het einde van de termijn" in text
    assert "dus ook tijdens de renovatie, is het Koper niet toegestaan" in text
    assert "inspecteert de Woning binnen 5 weken" in text
    assert "geldt de renovatie als goedgekeurd op de laatste dag van die termijn" in text
    assert "binnen een redelijke termijn na ontvangst van de gereedmelding" not in text
    assert version.data["inspection_weeks"] == 5
    assert "Einde van de verplichtingen" in text
    assert "verklaring van vrijstelling" in text
    assert "Met die verklaring eindigt ook het kettingbeding" in text


# --- An installed library gets the new wording ---------------------------------------------------


def test_an_installed_library_gets_the_new_standard_wording_but_keeps_what_staff_wrote(
    municipality, bureau_staff
):
    template = services.library_install(municipality)["purchase_agreement"]
    # The library as it was installed before issue #14: old wording, no release article.
    renovation = Clause.objects.get(municipality=municipality, key="renovatieverplichting")
    services.clause_revise(clause=renovation, title="Renovatieverplichting", body="Oud {koopsom}.")
    own = Clause.objects.get(municipality=municipality, key="slot")
    services.clause_revise(clause=own, title="Slot", body="Eigen tekst.", actor=bureau_staff)
    TemplateClause.objects.filter(template=template, clause__key="einde").delete()
    version = template.version

    call_command("library_update", stdout=io.StringIO())

    renovation.refresh_from_db()
    assert "binnen {inspectie_weken} weken" in renovation.current.body
    own.refresh_from_db()
    assert own.current.body == "Eigen tekst."
    keys = list(
        TemplateClause.objects.filter(template=template).values_list("clause__key", flat=True)
    )
    assert keys.index("einde") == keys.index("slot") - 1
    template.refresh_from_db()
    assert template.version > version
