"""The demo's PDF documents, written as HTML and rendered through `klushuis.pdf.render_pdf`:
per home a building survey whose costs add up to the minimum renovation budget and, where
asbestos was found, an asbestos inventory; per neighbourhood a programme of requirements and,
for homes on wooden piles, a foundation survey, rendered once and attached to every home they
cover (rendering is what makes the demo slow). All text is Dutch, as the real documents are.
"""

import logging
import uuid
from contextlib import contextmanager
from datetime import date, timedelta
from html import escape

from django.core.files.base import ContentFile

from klushuis.demo.properties.homes import round_to
from klushuis.pdf import render_pdf
from properties.models import PropertyDocument

SURVEYORS = ["Bouwkundig adviesbureau De Graaf", "Bureau Opname & Advies", "Bouwkundig Buro Smit"]
ASBESTOS_FIRM = "Asbestinventarisatie Delta B.V."
FOUNDATION_FIRM = "Funderingslab Rijnmond B.V."
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
SCORES = {1: "uitstekend", 2: "goed", 3: "redelijk", 4: "matig", 5: "slecht", 6: "zeer slecht"}
ELEMENTS = [
    # element, share of the cost, findings
    (
        "Fundering",
        0.10,
        [
            "Scheefstand van 1:90 gemeten aan de voorgevel; nader onderzoek nodig.",
            "Scheuren boven de kozijnen van de achtergevel wijzen op zetting.",
        ],
    ),
    (
        "Gevels en voegwerk",
        0.08,
        [
            "Voegwerk uitgesleten, plaatselijk losse stenen; vochtdoorslag aan de achterzijde.",
            "Gevel vervuild en met groene aanslag onder de lekkende goot.",
        ],
    ),
    (
        "Dak en dakbedekking",
        0.15,
        [
            "Dakpannen verschoven en gebroken, panlatten aangetast; lekkage bij de schoorsteen.",
            "Dakbedekking verweerd en gescheurd, lekkage boven de achterkamer.",
        ],
    ),
    (
        "Goten en hemelwaterafvoer",
        0.03,
        [
            "Zinken goot lek, regenpijp losgeraakt.",
            "Goot doorgeroest en begroeid.",
        ],
    ),
    (
        "Kozijnen, ramen en deuren",
        0.14,
        [
            "Houtrot in onderdorpels en stijlen; enkel glas, kitwerk verdwenen.",
            "Verf afgebladderd, ramen klemmen; deels dichtgetimmerd na inbraak.",
        ],
    ),
    (
        "Vloeren en trappen",
        0.09,
        [
            "Houten begane-grondvloer veert; aantasting door de bonte knaagkever.",
            "Trap steil en versleten; leuning ontbreekt.",
        ],
    ),
    (
        "Elektrische installatie",
        0.08,
        [
            "Groepenkast met porseleinen zekeringen, geen aardlekschakelaar; stoffen bedrading.",
            "Installatie deels ongeaard en niet volgens NEN 1010.",
        ],
    ),
    (
        "Gas, water en riolering",
        0.08,
        [
            "Loden waterleiding aangetroffen; gasleiding verouderd.",
            "Gemetselde riolering verzakt onder de keuken.",
        ],
    ),
    (
        "Verwarming en ventilatie",
        0.09,
        [
            "Gaskachel in de woonkamer, geiser in de keuken; geen mechanische ventilatie.",
            "Geen centrale verwarming; rookgasafvoer van de geiser lekt.",
        ],
    ),
    (
        "Keuken en sanitair",
        0.09,
        [
            "Keuken en badkamer uit de jaren zeventig, niet meer bruikbaar.",
            "Toilet en douche verouderd, afvoer lekt.",
        ],
    ),
    (
        "Isolatie",
        0.07,
        [
            "Geen dak-, gevel- of vloerisolatie aanwezig.",
            "Alleen een dunne laag glaswol op de zoldervloer.",
        ],
    ),
]
ASBESTOS_SOURCES = [
    ("Meterkast", "Plaat achter de elektriciteitsmeters", "chrysotiel", "niet-hechtgebonden", 2),
    ("Keuken", "Vinylvloer met asbesthoudende onderlaag", "chrysotiel", "niet-hechtgebonden", 2),
    ("Schoorsteen", "Rookgasafvoer van de geiser", "chrysotiel", "hechtgebonden", 1),
    ("Aanbouw", "Golfplaten dakbedekking", "chrysotiel", "hechtgebonden", 1),
    (
        "Kruipruimte",
        "Isolatie rond een oude verwarmingsleiding",
        "amosiet",
        "niet-hechtgebonden",
        2,
    ),
    ("Zolder", "Vensterbank van asbestcement", "chrysotiel", "hechtgebonden", 1),
]

PDF_STYLE = """
@page {
  size: A4;
  margin: 24mm 20mm 22mm 20mm;
  @top-left { content: "%(header)s"; font-family: "DejaVu Sans"; font-size: 8pt; color: #555; }
  @bottom-right {
    content: "Pagina " counter(page) " van " counter(pages);
    font-family: "DejaVu Sans"; font-size: 8pt; color: #555;
  }
}
body { font-family: "DejaVu Sans"; font-size: 9.5pt; line-height: 1.45; color: #1b1b1b; }
h1 { font-size: 17pt; margin: 0 0 2pt; color: %(colour)s; }
h2 { font-size: 11.5pt; margin: 14pt 0 4pt; color: %(colour)s; }
p.address { font-size: 11pt; margin: 0 0 8pt; }
table { width: 100%%; table-layout: fixed; border-collapse: collapse; margin: 6pt 0 10pt; }
th, td { border-bottom: 0.5pt solid #b8b8b8; padding: 3.5pt 4pt; font-size: 9pt; text-align: left;
  vertical-align: top; }
th { background: #eef0f3; font-size: 8.5pt; }
td.num, th.num { text-align: right; white-space: nowrap; }
tfoot td { font-weight: bold; border-top: 1pt solid #333; border-bottom: none; }
.bad { color: #a31515; font-weight: bold; }
.small { font-size: 8pt; color: #555; }
"""


def _euro(amount) -> str:
    return "€\u00a0" + f"{int(amount):,}".replace(",", ".")  # no line break after the sign


def _dutch_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _css_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _document_html(*, header, name, title, colour, subtitle, body) -> str:
    style = PDF_STYLE % {"header": _css_text(header), "colour": colour}
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{style}</style></head><body>"
        f'<h1>{escape(name)}</h1><p class="address">{subtitle}</p>{body}</body></html>'
    )


def _designation(prop) -> str:
    suffix = " (appartementsrecht)" if prop.cadastral_apartment_index else ""
    return f"{prop.cadastral_designation}{suffix}"


NUMERIC = ' class="num"'
SCOPE_COL = ' scope="col"'


def _table(head, rows, *, widths, foot=None, numeric=()) -> str:
    """A table with fixed column widths (in %): WeasyPrint lays those out much faster than
    tables that size their columns to the content."""

    def cells(tag, values, scope=""):
        return "".join(
            f"<{tag}{scope}{NUMERIC if i in numeric else ''}>{value}</{tag}>"
            for i, value in enumerate(values)
        )

    columns = "".join(f'<col style="width: {width}%">' for width in widths)
    html = f"<table><colgroup>{columns}</colgroup>"
    html += f"<thead><tr>{cells('th', head, SCOPE_COL)}</tr></thead><tbody>"
    html += "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    html += "</tbody>"
    if foot:
        html += f"<tfoot><tr>{cells('td', foot)}</tr></tfoot>"
    return html + "</table>"


def _findings(rng, home):
    """The survey's findings: (element, finding, score, cost), costs adding up to about the
    minimum renovation budget in force."""
    budget = int(home.prop.current_figures.minimum_renovation_budget)
    rows = []
    for element, share, texts in ELEMENTS:
        if element == "Fundering" and not home.foundation:
            rows.append((element, "Geen zichtbare scheurvorming of scheefstand.", 3, 0.0))
            continue
        score = rng.choices([3, 4, 5, 6], weights=[1, 3, 4, 2])[0]
        rows.append((element, rng.choice(texts), score, share * rng.uniform(0.8, 1.2)))
    # Scale to 95-100% of the budget: the estimate rests on this survey.
    scale = budget * rng.uniform(0.95, 1.0) / sum(row[3] for row in rows)
    return [(e, text, score, round_to(weight * scale, 500)) for e, text, score, weight in rows]


def add_documents(rng, homes):
    """Per home a building survey and, where found, an asbestos inventory. The programme of
    requirements and the foundation survey cover a neighbourhood's homes together (as
    foundation surveys of a whole block do), so they are rendered once per neighbourhood:
    rendering is what makes the demo slow."""
    shared = {}  # (neighbourhood, kind) -> PDF bytes
    for home in homes:
        prop = home.prop
        municipality = prop.municipality
        colour = municipality.primary_colour or "#0b4f8a"
        survey_day = home.listed_at.date() - timedelta(days=rng.randint(30, 70))
        findings = _findings(rng, home)
        home.foundation_cost = findings[0][3]
        subtitle = (
            f"{escape(prop.address)}, {escape(prop.postcode)} {escape(prop.city)}<br>"
            f"Kadastraal bekend als {escape(_designation(prop))}"
        )
        documents = [
            ("building_survey", "Bouwkundig rapport", _survey_body(rng, home, findings, survey_day))
        ]
        if home.asbestos:
            documents.append(("asbestos", "Asbestinventarisatie", _asbestos_body(rng, survey_day)))
        for kind, name, body in documents:
            pdf = render_pdf(
                _document_html(
                    header=f"{municipality.name} · {prop.reference}",
                    name=name,
                    title=f"{name} {prop.address}, {prop.city}",
                    colour=colour,
                    subtitle=subtitle,
                    body=body,
                )
            )
            _save_document(rng, prop, kind, f"{name} {prop.address}", pdf)

    for home in homes:
        prop, area = home.prop, home.area
        kinds = [("requirements", "Programma van eisen", _requirements_body)]
        if home.foundation:
            kinds.append(("foundation", "Funderingsonderzoek", _foundation_body))
        for kind, name, make_body in kinds:
            if (area.name, kind) not in shared:
                covered = [
                    h for h in homes if h.area is area and (kind != "foundation" or h.foundation)
                ]
                shared[(area.name, kind)] = render_pdf(
                    _document_html(
                        header=f"{prop.municipality.name} · {area.name}",
                        name=f"{name} {area.name}",
                        title=f"{name} {area.name}, {prop.city}",
                        colour=prop.municipality.primary_colour or "#0b4f8a",
                        subtitle=f"Klushuizen in {escape(area.name)}, {escape(prop.city)}",
                        body=make_body(rng, covered),
                    )
                )
            _save_document(rng, prop, kind, f"{name} {prop.address}", shared[(area.name, kind)])


def _save_document(rng, prop, kind, title, pdf):
    filename = f"{uuid.UUID(int=rng.getrandbits(128), version=4)}.pdf"
    PropertyDocument(
        property=prop, kind=kind, title=title, file=ContentFile(pdf, name=filename), size=len(pdf)
    ).save()


def _survey_body(rng, home, findings, day) -> str:
    prop = home.prop
    surveyor = rng.choice(SURVEYORS)
    rows = [
        (
            escape(element),
            escape(text),
            f'<span class="{"bad" if score >= 5 else ""}">{score} ({SCORES[score]})</span>',
            _euro(cost) if cost else "-",
        )
        for element, text, score, cost in findings
    ]
    total = sum(cost for *_rest, cost in findings)
    return (
        f"<p>Opname op {_dutch_date(day)} door {escape(surveyor)}, in opdracht van "
        f"{escape(prop.municipality.name)}. Bouwjaar {prop.year_built}, gebruiksoppervlakte "
        f"wonen {prop.living_area_m2} m²"
        f"{f', perceel {prop.plot_area_m2} m²' if prop.plot_area_m2 else ''}.</p>"
        "<h2>Bevindingen</h2>"
        + _table(
            ["Onderdeel", "Bevinding", "Conditie (NEN 2767)", "Geraamde kosten"],
            rows,
            widths=(18, 46, 17, 19),
            foot=["Totaal geraamde herstelkosten (incl. btw)", "", "", _euro(total)],
            numeric=(3,),
        )
        + '<p class="small">Conditiescore volgens NEN 2767: 1 uitstekend, 2 goed, 3 redelijk, '
        "4 matig, 5 slecht, 6 zeer slecht.</p>"
        "<h2>Werkwijze</h2><p>De opname is visueel en niet-destructief uitgevoerd. Vloeren, "
        "leidingen en constructiedelen die niet zichtbaar waren, zijn niet beoordeeld. "
        "Kruipruimte en zolder zijn geïnspecteerd voor zover ze veilig toegankelijk waren.</p>"
        "<h2>Conclusie</h2><p>De woning is in slechte staat en is zonder ingrijpende renovatie "
        "niet geschikt voor bewoning. Dak, kozijnen en installaties moeten worden vervangen. "
        "De geraamde kosten liggen ten grondslag aan het minimale renovatiebudget dat de "
        "gemeente bij de verkoop vraagt; meerwerk door onvoorziene gebreken is niet "
        "uitgesloten.</p>"
    )


def _homes_table(homes, extra_head=(), extra=lambda home: (), widths=(40, 40, 20)) -> str:
    rows = [
        (
            escape(h.prop.address),
            escape(_designation(h.prop)),
            str(h.prop.year_built),
            *extra(h),
        )
        for h in homes
    ]
    return _table(["Adres", "Kadastrale aanduiding", "Bouwjaar", *extra_head], rows, widths=widths)


def _requirements_body(rng, homes) -> str:
    area = homes[0].area
    items = [
        (
            "Fundering",
            "Waar het funderingsonderzoek herstel nodig vindt: herstel volgens dat advies, "
            "ontworpen en begeleid door een constructeur.",
        ),
        (
            "Dak",
            "Hellend dak: dakpannen, panlatten en tengels vernieuwen. Plat dak: warm dak met "
            "nieuwe dakbedekking. Isolatie in beide gevallen tot Rc ≥ 6,3 m²K/W.",
        ),
        (
            "Gevels",
            "Voegwerk herstellen en gevel reinigen zonder zandstralen; gevel isoleren tot "
            "Rc ≥ 1,7 m²K/W (spouw) of aan de binnenzijde tot Rc ≥ 1,3 m²K/W.",
        ),
        (
            "Kozijnen en glas",
            "Houten kozijnen herstellen of vervangen in het oorspronkelijke profiel; HR++-glas "
            "(Ug ≤ 1,1 W/m²K) in alle ramen; voorgevel in de kleuren van het kleurenplan.",
        ),
        ("Vloer", "Begane-grondvloer isoleren tot Rc ≥ 3,7 m²K/W."),
        (
            "Elektra",
            "Installatie volledig vernieuwen volgens NEN 1010, met aardlekschakelaars; "
            "keuringsrapport bij de gereedmelding.",
        ),
        (
            "Verwarming",
            "Geiser en gaskachel verwijderen; verwarming met een (hybride) warmtepomp of "
            "aansluiting op het warmtenet.",
        ),
        ("Ventilatie", "Mechanische afzuiging in keuken, badkamer en toilet."),
        ("Veiligheid", "Rookmelders op iedere verdieping."),
        (
            "Asbest",
            "Waar de asbestinventarisatie asbest noemt: vóór de start laten verwijderen door "
            "een SC-530-gecertificeerd bedrijf en het vrijgaverapport overleggen.",
        ),
        ("Energie", "Na de renovatie minimaal energielabel B, aangetoond bij de gereedmelding."),
    ]
    if area.name == "Binnenstad":
        items.append(
            (
                "Stadsgezicht",
                "Wijzigingen aan de voorgevel vragen een omgevingsvergunning (beschermd "
                "stadsgezicht).",
            )
        )
    rows = [(escape(part), escape(text)) for part, text in items]
    return (
        f"<p>Dit programma van eisen geldt voor de klushuizen in {escape(area.name)} die "
        f"{escape(homes[0].prop.municipality.name)} verkoopt. Het beschrijft wat de renovatie "
        "minimaal moet bereiken. De koper kiest zelf hoe, met een aannemer of in eigen beheer, "
        "maar legt het plan vooraf ter beoordeling voor aan de gemeente.</p>"
        "<h2>Eisen</h2>"
        + _table(["Onderdeel", "Eis"], rows, widths=(20, 80))
        + "<h2>Termijnen en controle</h2><p>De renovatie begint en is klaar binnen de termijnen "
        "die de koopovereenkomst noemt. Na de gereedmelding controleert de gemeente de woning "
        "aan de hand van dit programma. Pas na goedkeuring begint de periode waarin de koper "
        "de woning zelf bewoont.</p>"
        "<h2>Woningen</h2>" + _homes_table(homes)
    )


def _asbestos_body(rng, day) -> str:
    # The meter cupboard and the kitchen floor, which the description mentions, and others.
    sources = ASBESTOS_SOURCES[:2] + rng.sample(ASBESTOS_SOURCES[2:], rng.randint(0, 2))
    rows = []
    total = 0
    for number, (place, use, kind, bond, risk) in enumerate(sources, start=1):
        cost = round_to(rng.uniform(900, 4500) * (2 if bond.startswith("niet") else 1), 100)
        total += cost
        rows.append((f"A{number:02d}", place, use, f"{kind}, {bond}", str(risk), _euro(cost)))
    return (
        f"<p>Asbestinventarisatie type A, uitgevoerd op {_dutch_date(day)} door "
        f"{ASBESTOS_FIRM}, gecertificeerd volgens SC-540.</p>"
        "<h2>Aangetroffen bronnen</h2>"
        + _table(
            ["Bron", "Locatie", "Toepassing", "Soort", "Risicoklasse", "Saneringskosten"],
            [tuple(escape(c) for c in row) for row in rows],
            widths=(7, 13, 26, 18, 16, 20),
            foot=["Totaal", "", "", "", "", _euro(total)],
            numeric=(5,),
        )
        + "<h2>Advies</h2><p>Alle bronnen moeten vóór de renovatie worden verwijderd door een "
        "bedrijf met een SC-530-certificaat, met een sloopmelding bij de gemeente. Verborgen "
        "toepassingen, bijvoorbeeld achter betimmeringen, kunnen pas bij een destructief "
        "onderzoek (type B) worden vastgesteld.</p>"
    )


def _foundation_body(rng, homes) -> str:
    area = homes[0].area
    day = max(h.listed_at for h in homes).date() - timedelta(days=rng.randint(20, 40))

    def findings(home):
        pile_top = rng.uniform(1.9, 2.4)  # metres below NAP
        water = pile_top + rng.uniform(-0.25, 0.15)
        dry = water > pile_top  # the pile heads stand above the groundwater and rot
        levels = f"paalkop NAP -{pile_top:.2f} m, grondwater NAP -{water:.2f} m"
        when = "5" if dry else "15"
        return (
            f"Houten palen; {levels.replace('.', ',')}",
            "IV" if dry else "III",
            f"Herstel binnen {when} jaar, geraamd op {_euro(home.foundation_cost)}",
        )

    return (
        f"<p>Funderingsonderzoek uitgevoerd in {MONTHS[day.month - 1]} {day.year} door "
        f"{FOUNDATION_FIRM}, volgens de F3O-richtlijn. Bij elke woning is aan de voor- en "
        "achtergevel een inspectieput gegraven; van houten palen is een monster genomen.</p>"
        "<h2>Bevindingen per woning</h2>"
        + _homes_table(
            homes,
            ["Fundering en peil", "Klasse", "Advies"],
            lambda home: tuple(escape(value) for value in findings(home)),
            widths=(20, 17, 11, 22, 9, 21),
        )
        + '<p class="small">Kwaliteitsklasse volgens de F3O-richtlijn: I goed, II redelijk, '
        "III matig (herstel binnen 5 à 15 jaar), IV slecht (herstel binnen 5 jaar).</p>"
        "<h2>Algemene bevindingen</h2><p>De woningen in "
        f"{escape(area.name)} staan grotendeels op grenen palen met kespen en langsbalken. Waar "
        "de grondwaterstand onder de paalkoppen is gezakt (droogstand), is het hout aangetast "
        "door schimmels; ook zonder droogstand tasten bacteriën de buitenste schil aan.</p>"
        "<h2>Advies</h2><p>De koper laat het herstel ontwerpen door een constructeur en meldt "
        "het vooraf bij de gemeente. Werk aan de fundering van een bouwblok wordt waar mogelijk "
        "samen met de buren uitgevoerd; de gemeente helpt met het organiseren daarvan.</p>"
    )


@contextmanager
def quiet_pdf_logging():
    """WeasyPrint logs every rendering step at INFO; the demo prints nothing but its logins."""
    logger = logging.getLogger("weasyprint.progress")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
