"""Clause text is data: plain text with a fixed set of placeholders, never template code.

Staff write clauses in the admin. A clause is plain text in which `{koopsom}`-style
placeholders from PLACEHOLDERS are filled in; a blank line starts a new paragraph and a line
starting with "- " is a list item. Everything is escaped on output, so `<script>` or
`{{ settings.SECRET_KEY }}` in a clause prints as those characters and does nothing. Plain
Python: no Django, tested without a database.

What does not apply is left out, not printed empty (no "Koper is verschuldigd: niets"). The
values distinguish two kinds of nothing:
- `None` (`NOT_APPLICABLE`): the placeholder does not apply to this sale (no plot area for an
  apartment right, no ground rent in full ownership, no anti-speculation payment). A paragraph
  or list item that uses such a placeholder is dropped as a whole; a clause whose *first*
  paragraph is dropped is dropped entirely (its first paragraph states what the clause is
  about, so the rest would have nothing to apply to), see `applies`.
- `""`: the value applies but is missing; it stays visible as "[name]" so a draft shows it.
"""

import html
import re
from dataclasses import dataclass

# The placeholders a clause may use, with what they stand for (shown to staff in the admin).
PLACEHOLDERS: dict[str, str] = {
    "verkoper": "de verkopende gemeente",
    "koper": "de naam of namen van de koper(s)",
    "woning_adres": "het adres van de woning",
    "kadastraal": "de kadastrale aanduiding",
    "perceel_oppervlakte": "de perceeloppervlakte in m²",
    "het_verkochte": "wat verkocht wordt, in woorden (woning met grond, appartementsrecht, "
    "erfpacht)",
    "eigendom": "de aard van het verkochte recht, in woorden",
    "appartement_aandeel": "(appartementsrecht) het aandeel in de gemeenschap",
    "splitsingsakte": "(appartementsrecht) de akte van splitsing met het reglement",
    "vve": "(appartementsrecht) de Vereniging van Eigenaars",
    "vve_bijdrage": "(appartementsrecht) de bijdrage aan de VvE per maand in euro's",
    "erfpacht_voorwaarden": "(erfpacht) de voorwaarden van de erfpacht",
    "erfpacht_canon": "(erfpacht) de canon per jaar in euro's",
    "erfpacht_afgekocht_tot": "(erfpacht) de datum tot wanneer de canon is afgekocht",
    "koopsom": "de koopsom in euro's",
    "kosten": "kosten koper of vrij op naam, in woorden",
    "minimaal_renovatiebudget": "het minimale renovatiebudget in euro's",
    "financieringseis": "koopsom plus minimaal renovatiebudget, in euro's",
    "waarborgsom": "de waarborgsom of bankgarantie in euro's",
    "waarborgsom_datum": "de datum waarop de waarborgsom uiterlijk gestort moet zijn",
    "financieringsvoorbehoud_datum": "de einddatum van het financieringsvoorbehoud",
    "leveringsdatum": "de datum van levering bij de notaris",
    "notaris": "de notaris bij wie de levering plaatsvindt",
    "programma_van_eisen": "de naam van het programma van eisen",
    "pve_bijlage": "het programma van eisen dat als bijlage is gehecht, met zijn SHA-256, of "
    "dat er geen is gehecht",
    "inspectie_weken": "de termijn in weken na de gereedmelding waarbinnen verkoper inspecteert",
    "start_renovatie_datum": "de datum waarop de renovatie uiterlijk begint",
    "gereed_renovatie_datum": "de datum waarop de renovatie uiterlijk gereed is",
    "start_renovatie_maanden": "het aantal maanden na levering waarbinnen de renovatie begint",
    "gereed_renovatie_maanden": "het aantal maanden na levering waarbinnen de renovatie gereed is",
    "zelfbewoning_jaren": "het aantal jaren zelfbewoning na goedgekeurde oplevering",
    "antispeculatie_jaren": "het aantal jaren van het anti-speculatiebeding",
    "antispeculatie_regeling": "wat de koper bij verkoop binnen die termijn betaalt, in woorden",
    "antispeculatie_winstdeel": "(winstdeel) het percentage van de winst",
    "boete_regeling": "de boete bij overtreding, in woorden",
    "artikelen_kettingbeding": "de artikelen die het kettingbeding aan een verkrijger oplegt "
    "(alleen die in deze overeenkomst staan)",
    "artikelen_ontheffing": "de artikelen waarvan koper ontheffing kan vragen, met 'het artikel' "
    "of 'de artikelen' ervoor",
    "artikelen_einde": "de artikelen waarvan de verplichtingen eindigen met de verklaring van "
    "vrijstelling",
    "artikelen_na_levering": "de artikelen die na de levering blijven gelden",
    "verzuim_dagen": "de termijn na ingebrekestelling in dagen",
    "verzuim_boete": "de boete bij ontbinding wegens verzuim in euro's",
    "verzuim_dagboete": "de boete per dag bij nakoming wegens verzuim in euro's",
    "verzuim_maximum": "het maximum van de dagboetes bij verzuim in euro's",
    "bedenktijd_dagen": "de wettelijke bedenktijd in dagen",
    "antwoord_uiterlijk": "(aanbiedingsbrief) de dag en het tijdstip waarop de koper uiterlijk "
    "op het aanbod antwoordt",
    # After the sale (issue #16): filled in by aftercare when it issues the letter.
    "verzoek_datum": "(besluit op ontheffing) de datum van het verzoek",
    "verzoek_grond": "(besluit op ontheffing) de grond van het verzoek, in woorden",
    "besluit": "(besluit op ontheffing) de uitkomst, in woorden",
    "besluit_redenen": "(besluit op ontheffing) de redenen van het besluit",
    "verplichting": "(besluit, ingebrekestelling) de verplichting waarom het gaat",
    "nieuwe_termijn": "(besluit op ontheffing) de nieuwe uiterste datum",
    "verplichting_datum": "(ingebrekestelling) de datum waarop de verplichting uiterlijk moest "
    "zijn nagekomen",
    "feiten": "(ingebrekestelling) de vastgestelde feiten",
    "nakoming_dagen": "(ingebrekestelling) de termijn om alsnog na te komen, in dagen",
    "nakoming_uiterlijk": "(ingebrekestelling) de laatste dag om alsnog na te komen",
    "boete_artikel": "(ingebrekestelling) het artikel waaruit de boete volgt",
    "verzendwijze": "(ingebrekestelling) hoe de brief is verzonden",
    "verzonden_op": "(ingebrekestelling) de datum van verzending",
    "kenmerk_overeenkomst": "(verklaring van vrijstelling) het kenmerk van de koopovereenkomst",
    "hash_overeenkomst": "(verklaring van vrijstelling) de SHA-256 van de getekende "
    "koopovereenkomst zoals het portaal die bewaart",
    "vrijstelling_datum": "(verklaring van vrijstelling) de dag waarop Koper is vrijgesteld",
    "vrijstelling_grond": "(verklaring van vrijstelling) waarom Koper is vrijgesteld, in woorden",
}

# The value of a placeholder that does not apply to the sale (see the module's docstring).
NOT_APPLICABLE = None

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Block:
    """A rendered piece of a clause: a paragraph, or a list of items (escaped HTML)."""

    kind: str  # "paragraph" or "list"
    html: tuple[str, ...]


def placeholders_in(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text)


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders a clause uses that do not exist: shown to staff before they save."""
    return sorted({name for name in placeholders_in(text) if name not in PLACEHOLDERS})


def fill(text: str, values: dict[str, str]) -> str:
    """Escape the text, then put in the escaped values. A placeholder without a value stays
    visible as "[name]", so a draft shows what is missing instead of hiding it."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            return html.escape(match.group(0))
        if values.get(name) is None or values.get(name) == "":
            return f'<span class="missing">[{name}]</span>'
        return html.escape(str(values[name]))

    # Escaping leaves the braces and names of placeholders as they are, so they can be filled
    # in after it; the values are escaped on their own.
    return _PLACEHOLDER.sub(value, html.escape(text))


def _applies(text: str, values: dict) -> bool:
    """False when the text uses a placeholder whose value is NOT_APPLICABLE (present as None;
    a placeholder absent from `values` is merely missing and shows as such)."""
    return not any(name in values and values[name] is None for name in placeholders_in(text))


def _chunks(text: str) -> list[list[str]]:
    chunks = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if lines:
            chunks.append(lines)
    return chunks


def applies(text: str, values: dict) -> bool:
    """Whether a clause applies to the sale: its first paragraph does (module docstring)."""
    chunks = _chunks(text)
    if not chunks:
        return False
    first = chunks[0]
    if all(line.startswith("- ") for line in first):
        return any(_applies(line, values) for line in first)
    return _applies(" ".join(first), values)


def render(text: str, values: dict[str, str | None]) -> list[Block]:
    """Paragraphs (separated by a blank line) and lists ("- " lines), filled and escaped;
    paragraphs and items that use a placeholder that does not apply are left out."""
    blocks = []
    for lines in _chunks(text):
        if all(line.startswith("- ") for line in lines):
            items = tuple(fill(line[2:], values) for line in lines if _applies(line, values))
            if items:
                blocks.append(Block("list", items))
        else:
            paragraph = " ".join(lines)
            if _applies(paragraph, values):
                blocks.append(Block("paragraph", (fill(paragraph, values),)))
    return blocks
