"""Demo section: klushuizen with photos, documents and versioned figures, sales rounds in every
phase, and subscribers to the round alerts.

Havenstad lists 34 homes in four neighbourhoods, Lindenburg 8 in two. Photos are drawn with
Pillow and documents rendered to PDF, so the demo needs no files of its own. Everything comes
from a fixed seed (not from `demo.fake`, whose state depends on the number of applicants), and
every date is relative to today, so the rounds are always open, announced, closed and draft.
Writes go through `properties.services`; where the demo needs a past that the services cannot
make (they stamp everything "now"), it travels in time with an explicit `update()`.
"""

import io
import itertools
import logging
import random
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from html import escape
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFont

from contracts.pdf import render_pdf
from klushuis.accounts.models import User
from properties import rules, services
from properties.models import (
    AlertSubscription,
    Neighbourhood,
    Property,
    PropertyDocument,
    PropertyFigures,
    PropertyPhoto,
    PropertyStatusChange,
    RoundProperty,
    SalesRound,
    ViewingDay,
)

SEED = 20260405
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Who lists and publishes: Lindenburg has no staff of its own in the demo; its bureau does it.
LISTING_STAFF = {
    "havenstad": "medewerker@havenstad.test",
    "lindenburg": "verkoop@stadsherstel.test",
}
BUREAU_STAFF = "verkoop@stadsherstel.test"

# --- The neighbourhoods and their homes ---------------------------------------------------------

# Three fixed postcode ranges per municipality; a neighbourhood uses one or two of them.
POSTCODE_RANGES = {
    "havenstad": [(3141, 3146), (3151, 3157), (3161, 3168)],
    "lindenburg": [(3441, 3444), (3445, 3447), (3448, 3449)],
}
# Letters as the postcode letters are actually given out (no F, I, O, Q, U, Y).
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
REFERENCE_PREFIX = {"havenstad": "HVS-2026", "lindenburg": "LDB-2027"}
CITY = {"havenstad": "Havenstad", "lindenburg": "Lindenburg"}


@dataclass(frozen=True)
class Area:
    municipality: str
    name: str
    cadastral_municipality: str
    section: str
    postcode_ranges: tuple[int, ...]
    years: tuple[int, int]
    description: str
    streets: tuple[str, ...]
    kinds: str  # the kind of each home, in listing order, separated by spaces
    leasehold: tuple[int, ...] = ()  # positions of the homes on leasehold land


AREAS = [
    Area(
        "havenstad",
        "Oude Haven",
        "HVS01",
        "K",
        (0,),
        (1885, 1912),
        "De oudste woonwijk van Havenstad, gebouwd voor havenarbeiders en hun gezinnen. Smalle "
        "straten, lage plafonds en veel houten funderingen op palen.",
        ("Kaaistraat", "Touwslagerspad", "Zeilmakerstraat", "Ankerstraat", "Lijnbaansteeg"),
        "tussen boven arbeiders hoek tussen arbeiders boven tussen hoek arbeiders",
        leasehold=(2, 6),
    ),
    Area(
        "havenstad",
        "Spoorzicht",
        "HVS01",
        "M",
        (1,),
        (1898, 1928),
        "Gebouwd rond het oude rangeerterrein voor het personeel van de spoorwegen. Veel "
        "portiekwoningen en eenvoudige rijtjeshuizen met een kleine tuin.",
        ("Seinwachterstraat", "Wisselstraat", "Overwegstraat", "Perronstraat"),
        "arbeiders tussen hoek tussen boven arbeiders tussen hoek",
        leasehold=(3,),
    ),
    Area(
        "havenstad",
        "Molenwijk",
        "HVS02",
        "B",
        (2,),
        (1920, 1938),
        "Een tuindorp uit het interbellum rond de oude korenmolen, met baksteen in verband, "
        "hoge daken en diepe achtertuinen.",
        ("Molenerf", "Korenmolenstraat", "Wiekstraat", "Maalderijstraat"),
        "tussen hoek tussen tussen arbeiders hoek tussen tussen",
        leasehold=(5,),
    ),
    Area(
        "havenstad",
        "Bloemhof",
        "HVS02",
        "D",
        (2,),
        (1950, 1972),
        "Een wederopbouwwijk met rijtjeshuizen en twee-onder-een-kapwoningen, ruim opgezet met "
        "groen tussen de blokken.",
        ("Rozenlaan", "Asterstraat", "Goudsbloemstraat", "Seringenhof"),
        "tussen tussen hoek twee-onder-een-kap tussen twee-onder-een-kap hoek tussen",
    ),
    Area(
        "lindenburg",
        "Binnenstad",
        "LDB00",
        "A",
        (0, 1),
        (1885, 1925),
        "De historische binnenstad binnen de singels, beschermd stadsgezicht. Hoge panden "
        "met bovenwoningen en oude winkelpuien.",
        ("Lange Lindestraat", "Kerksteeg", "Lakenhalstraat", "Vismarkt"),
        "herenhuis boven tussen hoek herenhuis",
    ),
    Area(
        "lindenburg",
        "Lindenhof",
        "LDB00",
        "C",
        (2,),
        (1930, 1965),
        "Een rustige woonbuurt aan de oostkant van Lindenburg, met rijtjeshuizen uit de jaren "
        "dertig en vijftig.",
        ("Lindenhoflaan", "Beukstraat", "Esdoornstraat"),
        "twee-onder-een-kap tussen hoek",
    ),
]

KIND_NAMES = {
    "tussen": "tussenwoning",
    "hoek": "hoekwoning",
    "arbeiders": "arbeiderswoning",
    "boven": "bovenwoning",
    "twee-onder-een-kap": "twee-onder-een-kapwoning",
    "herenhuis": "herenhuis",
}
TITLES = {
    "tussen": [
        "Tussenwoning met diepe tuin",
        "Tussenwoning met originele glas-in-loodramen",
        "Karakteristieke tussenwoning met zolder",
        "Tussenwoning met achterom",
    ],
    "hoek": [
        "Hoekwoning met diepe tuin",
        "Hoekwoning met zijtuin",
        "Hoekwoning op de kop van het blok",
    ],
    "arbeiders": [
        "Arbeiderswoning met achterom",
        "Arbeiderswoning met stenen schuur",
        "Compacte arbeiderswoning met zolder",
    ],
    "boven": [
        "Bovenwoning met dakterras",
        "Bovenwoning met eigen opgang",
        "Bovenwoning met zolderverdieping",
    ],
    "twee-onder-een-kap": [
        "Twee-onder-een-kapwoning met garage",
        "Twee-onder-een-kapwoning met grote tuin",
    ],
    "herenhuis": ["Herenhuis met hoge plafonds", "Herenhuis met kelder en tuin op het zuiden"],
}
LIVING_AREA = {
    "boven": (45, 78),
    "arbeiders": (48, 76),
    "tussen": (70, 112),
    "hoek": (80, 125),
    "twee-onder-een-kap": (95, 138),
    "herenhuis": (112, 140),
}
PLOT_AREA = {
    "arbeiders": (60, 110),
    "tussen": (95, 170),
    "hoek": (130, 260),
    "twee-onder-een-kap": (210, 320),
    "herenhuis": (100, 180),
}
LEASEHOLD_TERMS = [
    "Eeuwigdurend afgekocht tot 2056; daarna canon volgens de Algemene Bepalingen 2016.",
    "Voortdurende erfpacht, canon afgekocht tot 2061; daarna herziening volgens de Algemene "
    "Bepalingen voor voortdurende erfpacht 2016 van de gemeente Havenstad.",
    "Tijdvak loopt tot 1 januari 2048; jaarlijkse canon € 1.240, geïndexeerd. Overstap naar "
    "eeuwigdurende erfpacht is mogelijk.",
    "Jaarlijkse canon € 960 (geïndexeerd), tijdvak tot 2052; de Algemene Bepalingen 2016 zijn "
    "van toepassing.",
]
OPENINGS = [
    "Deze {kind} uit {year} staat sinds {empty} leeg en is in de loop der jaren sterk "
    "verwaarloosd.",
    "Een {kind} uit {year} in {area} die al tientallen jaren geen groot onderhoud heeft gehad.",
    "Deze {kind} uit {year} is lang verhuurd geweest en staat nu leeg; het onderhoud is "
    "jarenlang uitgesteld.",
]
STATE = [
    "Het dak lekt boven de achterkamer en een deel van de dakpannen ontbreekt.",
    "De houten kozijnen aan de achterzijde zijn aangetast door houtrot en hebben nog enkel glas.",
    "De elektrische installatie is verouderd, met deels nog stoffen bedrading, en moet volledig "
    "worden vernieuwd.",
    "Er is geen centrale verwarming: de woonkamer wordt verwarmd met een oude gaskachel.",
    "Langs de achtergevel is vocht zichtbaar en het voegwerk is op veel plaatsen uitgesleten.",
    "Keuken en badkamer stammen uit de jaren zeventig en zijn niet meer bruikbaar.",
    "De houten begane-grondvloer veert en is plaatselijk aangetast door de bonte knaagkever.",
    "De goten zijn lek en een regenpijp is losgeraakt, waardoor de gevel steeds nat wordt.",
    "De trap naar de verdieping is steil en voldoet niet meer aan de eisen van nu.",
]
STATE_FOUNDATION = (
    "De fundering op houten palen moet worden onderzocht: boven de ramen zitten scheuren in "
    "het metselwerk."
)
STATE_ASBESTOS = (
    "In de meterkast en onder de keukenvloer is asbest aangetroffen, dat een gecertificeerd "
    "bedrijf moet verwijderen."
)
CLOSINGS = [
    "Wie er tijd en vakmanschap in steekt, krijgt een woning met veel karakter terug.",
    "Na de renovatie is dit een fijne gezinswoning op loopafstand van het centrum.",
    "Het programma van eisen beschrijft wat er minimaal moet gebeuren.",
    "De buurt knapt op: in de straat zijn al verschillende klushuizen gerenoveerd.",
]
BUDGET_AUTHORS = [
    "Bouwkundig adviesbureau De Graaf",
    "Kostendeskundige J. Meijer",
    "Stadsherstel Advies B.V.",
]
BUDGET_NOTES = [
    "Raming op basis van een bouwkundige opname en het programma van eisen, inclusief btw.",
    "Inclusief vervanging van dak, kozijnen en installaties; keuken en badkamer in een "
    "eenvoudige uitvoering.",
    "De raming gaat uit van een aannemer voor fundering, dak en installaties en eigen werk "
    "voor de afwerking.",
    "Prijspeil van de ramingsdatum, inclusief btw en 10% onvoorzien.",
]
SURVEYORS = ["Bouwkundig adviesbureau De Graaf", "Bureau Opname & Advies", "Bouwkundig Buro Smit"]
ASBESTOS_FIRM = "Asbestinventarisatie Delta B.V."
FOUNDATION_FIRM = "Funderingslab Rijnmond B.V."

# Second versions of the figures for a few homes: (neighbourhood, position, change).
FIGURE_CHANGES = [
    ("Oude Haven", 0, "foundation"),
    ("Oude Haven", 3, "price_down"),
    ("Spoorzicht", 1, "asbestos"),
    ("Bloemhof", 1, "price_level"),
    ("Binnenstad", 4, "annex"),
]
ASBESTOS_CHANGES = {(n, p) for n, p, change in FIGURE_CHANGES if change == "asbestos"}
# Homes that stay draft or are withdrawn; every other home is published.
DRAFTS = [("Bloemhof", 7), ("Lindenhof", 2)]
WITHDRAWN = [("Spoorzicht", 7)]


@dataclass
class Home:
    area: Area
    position: int
    kind: str
    prop: Property
    roof: str = "pitched"
    asbestos: bool = False
    listed_at: datetime | None = None
    foundation_cost: int = 0

    @property
    def foundation(self):
        return self.prop.year_built < 1930


def build(demo):
    orgs = demo.objects["organisations"]
    first_reference = f"{REFERENCE_PREFIX['havenstad']}-001"
    if Property.objects.filter(reference=first_reference).exists():
        # `demo --force` on a database that has the demo already: keep what is there.
        _remember(demo)
        return
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    now = timezone.now()
    staff = {slug: User.objects.get(email=email) for slug, email in LISTING_STAFF.items()}
    bureau_staff = User.objects.get(email=BUREAU_STAFF)

    neighbourhoods = {}
    for area in AREAS:
        neighbourhoods[area.name], _created = Neighbourhood.objects.get_or_create(
            municipality=orgs[area.municipality],
            slug=slugify(area.name),
            defaults={"name": area.name, "description": area.description},
        )

    homes = _homes(rng, orgs, neighbourhoods, now)
    by_place = {(h.area.name, h.position): h for h in homes}
    drafts = {by_place[p].prop.pk for p in DRAFTS}
    withdrawn = {by_place[p].prop.pk for p in WITHDRAWN}
    for home in homes:
        actor = staff[home.area.municipality]
        services.property_figures_update(
            property=home.prop, figures=_figures(rng, home), actor=actor
        )
        if home.prop.pk not in drafts:
            services.property_transition(property=home.prop, to=rules.PUBLISHED, actor=actor)
        _backdate_listing(home)
        _add_photos(rng, home)

    for name, position, change in FIGURE_CHANGES:
        home = by_place[(name, position)]
        _change_figures(rng, home, change, staff[home.area.municipality], now)

    for home in homes:
        if home.prop.pk in withdrawn:
            services.property_transition(
                property=home.prop,
                to=rules.WITHDRAWN,
                actor=staff[home.area.municipality],
                reason="De gemeente laat eerst de fundering van het hele bouwblok onderzoeken.",
            )
            # Demo time travel: withdrawn a few weeks ago.
            PropertyStatusChange.objects.filter(
                property=home.prop, to_status=rules.WITHDRAWN
            ).update(at=now - timedelta(days=rng.randint(20, 40)))

    with _quiet_pdf_logging():
        _add_documents(rng, homes)

    rounds = _sales_rounds(orgs, by_place, staff, bureau_staff, now)
    _alert_subscriptions()

    demo.objects["neighbourhoods"] = neighbourhoods
    demo.objects["properties"] = [home.prop for home in homes]
    demo.objects["sales_rounds"] = rounds


def _remember(demo):
    demo.objects["neighbourhoods"] = {
        n.name: n for n in Neighbourhood.objects.filter(name__in=[a.name for a in AREAS])
    }
    prefixes = tuple(REFERENCE_PREFIX.values())
    demo.objects["properties"] = [
        p for p in Property.objects.order_by("reference") if p.reference.startswith(prefixes)
    ]
    demo.objects["sales_rounds"] = {
        r.slug: r for r in SalesRound.objects.filter(slug__in=[spec["slug"] for spec in ROUNDS])
    }


# --- Homes -----------------------------------------------------------------------------------


def _homes(rng, orgs, neighbourhoods, now) -> list[Home]:
    homes = []
    counters = dict.fromkeys(REFERENCE_PREFIX, 0)
    used_postcodes = set()
    postcodes = {}  # (street, odd) -> postcode: one per side of the street
    numbers = {}  # street -> house numbers taken
    for area in AREAS:
        parcels = rng.sample(range(1200, 9800), len(area.kinds.split()))
        for position, kind in enumerate(area.kinds.split()):
            street = area.streets[position % len(area.streets)]
            taken = numbers.setdefault(street, set())
            number = rng.choice([n for n in range(1, 121) if n not in taken])
            taken.add(number)
            side = (street, number % 2)
            if side not in postcodes:
                ranges = POSTCODE_RANGES[area.municipality]
                low, high = ranges[area.postcode_ranges[position % len(area.postcode_ranges)]]
                postcodes[side] = _postcode(rng, low, high, used_postcodes)
            letter, addition, apartment_index = "", "", None
            if kind == "boven":
                # An upstairs flat: its own letter or addition, and an apartment right.
                if rng.random() < 0.5:
                    letter = "A"
                else:
                    addition = "2"
                apartment_index = 2
            elif rng.random() < 0.08:
                letter = rng.choice("AB")
            year = rng.randint(*area.years)
            counters[area.municipality] += 1
            prefix = REFERENCE_PREFIX[area.municipality]
            leasehold = position in area.leasehold
            home = Home(area=area, position=position, kind=kind, prop=None)
            home.asbestos = (
                (area.name, position) in ASBESTOS_CHANGES
                or len(homes) % 3 == 1
                or (year >= 1955 and rng.random() < 0.4)
            )
            home.roof = _roof(rng, kind, year)
            home.prop = Property.objects.create(
                municipality=orgs[area.municipality],
                reference=f"{prefix}-{counters[area.municipality]:03d}",
                street=street,
                house_number=number,
                house_letter=letter,
                house_number_addition=addition,
                postcode=postcodes[side],
                city=CITY[area.municipality],
                neighbourhood=neighbourhoods[area.name],
                cadastral_municipality=area.cadastral_municipality,
                cadastral_section=area.section,
                cadastral_parcel=parcels[position],
                cadastral_apartment_index=apartment_index,
                plot_area_m2=None if kind == "boven" else rng.randint(*PLOT_AREA[kind]),
                living_area_m2=rng.randint(*LIVING_AREA[kind]),
                year_built=year,
                tenure=Property.Tenure.LEASEHOLD if leasehold else Property.Tenure.OWNERSHIP,
                leasehold_terms=LEASEHOLD_TERMS[len(homes) % len(LEASEHOLD_TERMS)]
                if leasehold
                else "",
                energy_label=rng.choices("GFED", weights=[35, 40, 15, 10])[0],
                title=rng.choice(TITLES[kind]),
                description=_description(rng, home, year),
            )
            home.listed_at = _local(
                now.astimezone(AMSTERDAM).date() - timedelta(days=rng.randint(100, 210)),
                rng.choice([9, 10, 11, 14, 15]),
            )
            homes.append(home)
    return homes


def _postcode(rng, low, high, used) -> str:
    while True:
        letters = rng.choice(POSTCODE_LETTERS) + rng.choice(POSTCODE_LETTERS)
        postcode = f"{rng.randint(low, high)} {letters}"
        if letters not in ("SA", "SD", "SS") and postcode not in used:
            used.add(postcode)
            return postcode


def _roof(rng, kind, year) -> str:
    if kind in ("arbeiders", "twee-onder-een-kap"):
        return "pitched"
    if kind == "herenhuis":
        return "flat"
    return "pitched" if year >= 1920 or rng.random() < 0.5 else "flat"


def _description(rng, home, year) -> str:
    opening = rng.choice(OPENINGS).format(
        kind=KIND_NAMES[home.kind],
        year=year,
        area=home.area.name,
        empty=rng.randint(2014, 2023),
    )
    state = []
    if year < 1930:
        state.append(STATE_FOUNDATION)
    if home.asbestos:
        state.append(STATE_ASBESTOS)
    state = (state + rng.sample(STATE, 2))[: rng.randint(max(1, len(state)), 3)]
    return " ".join([opening, *state, rng.choice(CLOSINGS)])


def _round_to(value, step) -> int:
    return int(round(value / step) * step)


def _figures(rng, home) -> dict:
    prop = home.prop
    price = _round_to(prop.living_area_m2 * rng.uniform(1500, 2100), 5000)
    price = min(max(price, 95000), 265000)
    budget = _round_to(prop.living_area_m2 * rng.uniform(950, 1400), 2500)
    if home.foundation:
        budget += 15000
    budget = min(max(budget, 55000), 185000)
    return {
        "purchase_price": Decimal(price),
        "price_condition": "von" if rng.random() < 0.12 else "kk",
        "valuation": Decimal(_round_to(price * rng.uniform(1.1, 1.3), 5000)),
        "minimum_renovation_budget": Decimal(budget),
        "budget_basis_author": rng.choice(BUDGET_AUTHORS),
        "budget_basis_date": home.listed_at.date() - timedelta(days=rng.randint(14, 60)),
        "budget_own_work_share": rng.choice([0, 10, 15, 20, 25, 30]),
        "budget_basis_notes": rng.choice(BUDGET_NOTES),
    }


def _backdate_listing(home):
    # Demo time travel: the home was listed months ago, and its first figures date from then,
    # so that the public history of the figures reads like a real one.
    prop = home.prop
    Property.objects.filter(pk=prop.pk).update(created_at=home.listed_at - timedelta(days=2))
    PropertyFigures.objects.filter(property=prop, version=1).update(created_at=home.listed_at)
    PropertyStatusChange.objects.filter(property=prop, to_status=rules.PUBLISHED).update(
        at=home.listed_at + timedelta(days=1)
    )


def _change_figures(rng, home, change, actor, now):
    current = home.prop.current_figures
    figures = {name: getattr(current, name) for name in services.FIGURE_FIELDS}
    changed_at = now - timedelta(days=rng.randint(24, 40))
    basis_date = changed_at.astimezone(AMSTERDAM).date() - timedelta(days=rng.randint(5, 12))
    budget = int(figures["minimum_renovation_budget"])
    price = int(figures["purchase_price"])
    if change == "foundation":
        reason = "Nieuwe kostenraming na funderingsonderzoek"
        budget += _round_to(rng.uniform(20000, 35000), 2500)
        figures["budget_basis_author"] = "Bouwkundig adviesbureau De Graaf"
        figures["budget_basis_date"] = basis_date
        figures["budget_basis_notes"] = (
            "Inclusief herstel van de fundering onder de achtergevel volgens het "
            "funderingsonderzoek."
        )
    elif change == "asbestos":
        reason = "Kostenraming bijgesteld na asbestinventarisatie"
        budget += _round_to(rng.uniform(7500, 15000), 2500)
        figures["budget_basis_date"] = basis_date
        figures["budget_basis_notes"] = (
            "Inclusief sanering van asbest in meterkast en keukenvloer door een "
            "gecertificeerd bedrijf."
        )
    elif change == "price_level":
        reason = "Kostenraming geactualiseerd naar het prijspeil van dit jaar"
        budget = _round_to(budget * 1.06, 2500)
        figures["budget_basis_date"] = basis_date
    elif change == "annex":
        reason = "Koopsom verlaagd: de aanbouw moet worden gesloopt"
        price -= _round_to(rng.uniform(5000, 10000), 5000)
    else:
        reason = "Koopsom verlaagd na een nieuwe taxatie"
        price -= _round_to(rng.uniform(10000, 20000), 5000)
        figures["valuation"] = Decimal(_round_to(price * 1.15, 5000))
    figures["minimum_renovation_budget"] = Decimal(min(max(budget, 55000), 185000))
    figures["purchase_price"] = Decimal(max(price, 95000))
    version = services.property_figures_update(
        property=home.prop, figures=figures, actor=actor, reason=reason
    )
    # Demo time travel: the change was made a few weeks ago.
    PropertyFigures.objects.filter(pk=version.pk).update(created_at=changed_at)


# --- Photos ----------------------------------------------------------------------------------

W, H = 1200, 900

BRICKS = [
    ("rode", (150, 62, 45)),
    ("donkerrode", (116, 47, 38)),
    ("bruine", (110, 72, 54)),
    ("gele", (192, 158, 100)),
    ("oranjerode", (170, 88, 55)),
    ("paarsbruine", (96, 60, 62)),
]
FRAMES = [
    ("witte", (232, 230, 222)),
    ("crèmekleurige", (226, 216, 186)),
    ("groene", (38, 74, 54)),
    ("grijze", (150, 150, 146)),
]
DOORS = [(34, 72, 52), (122, 32, 32), (40, 60, 102), (92, 62, 38), (62, 62, 64), (20, 50, 80)]
TILES_ROOF = [(138, 62, 44), (66, 66, 70), (166, 86, 52), (96, 58, 46)]


def _jpeg(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _shade(colour, factor):
    return tuple(max(0, min(255, int(c * factor))) for c in colour)


def _vary(rng, colour, amount=12):
    """A colour a little lighter or darker, with a touch of hue change."""
    factor = 1 + rng.uniform(-amount, amount) / 100
    return tuple(
        max(0, min(255, int(c * factor) + rng.randint(-amount // 4, amount // 4))) for c in colour
    )


def _mix(a, b, t):
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _font(size):
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default()


def _add_photos(rng, home):
    facade, facade_alt = _facade(rng, home)
    pictures = [(facade, facade_alt)]
    extras = [_living_room, _kitchen, _bedroom]
    if home.roof == "pitched" and home.kind != "boven":
        extras.append(_attic)
    rng.shuffle(extras)
    count = rng.choices([1, 2, 3], weights=[45, 35, 20])[0]
    pictures += [draw(rng) for draw in extras[:count]]
    for position, (image, alt_text) in enumerate(pictures):
        name = f"{uuid.UUID(int=rng.getrandbits(128), version=4)}.jpg"
        photo = PropertyPhoto(property=home.prop, alt_text=alt_text, position=position)
        photo.image = ContentFile(_jpeg(image), name=name)
        photo.save()
        # The thumbnail is made after commit: by Celery in-process when it runs eagerly (the
        # default without REDIS_URL), else by the worker.
        services.property_photo_saved(photo=photo)


def _sky(draw, rng):
    top, bottom = rng.choice(
        [((96, 146, 204), (196, 218, 236)), ((150, 160, 172), (214, 218, 222))]
    )
    for y in range(0, H, 10):
        draw.rectangle([0, y, W, y + 10], fill=_mix(top, bottom, min(1, y / 600)))
    for _ in range(rng.randint(2, 5)):
        x, y = rng.randint(-100, W), rng.randint(20, 200)
        for dx in range(0, rng.randint(120, 260), 40):
            r = rng.randint(24, 44)
            draw.ellipse([x + dx - r, y - r, x + dx + r, y + r // 2], fill=(240, 242, 245))


def _bricks(draw, rng, box, colour, size=(42, 14)):
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=(176, 170, 158))  # mortar
    bw, bh = size
    for row, y in enumerate(range(y0, y1, bh)):
        offset = 0 if row % 2 else -bw // 2
        for x in range(x0 + offset, x1, bw):
            draw.rectangle(
                [max(x, x0), y, min(x + bw - 3, x1), min(y + bh - 3, y1)],
                fill=_vary(rng, colour, 14),
            )


def _window(draw, rng, box, frame, state, transom=True):
    x0, y0, x1, y1 = box
    draw.rectangle([x0 - 6, y0 - 14, x1 + 6, y0 - 2], fill=(88, 60, 48))  # lintel
    draw.rectangle([x0 - 8, y1, x1 + 8, y1 + 10], fill=(168, 166, 160))  # sill
    draw.rectangle(box, fill=frame)
    inner = [x0 + 10, y0 + 10, x1 - 10, y1 - 10]
    if state == "boarded":
        draw.rectangle(inner, fill=(196, 164, 116))
        for x in range(inner[0], inner[2], 46):
            draw.line([x, inner[1], x, inner[3]], fill=(150, 120, 80), width=2)
            for y in (inner[1] + 12, inner[3] - 12):
                draw.ellipse([x + 20, y - 3, x + 26, y + 3], fill=(90, 90, 90))
        return
    draw.rectangle(inner, fill=(62, 78, 94) if state != "dirty" else (92, 96, 90))
    ix0, iy0, ix1, iy1 = inner
    w, h = ix1 - ix0, iy1 - iy0
    draw.polygon(
        [(ix0, iy0 + h * 0.55), (ix0 + w * 0.3, iy0), (ix0 + w * 0.5, iy0), (ix0, iy0 + h * 0.9)],
        fill=(104, 126, 146) if state != "dirty" else (118, 122, 114),
    )
    mid = (x0 + x1) // 2
    draw.rectangle([mid - 5, y0, mid + 5, y1], fill=frame)
    if transom:
        ty = y0 + (y1 - y0) // 4
        draw.rectangle([x0, ty - 5, x1, ty + 5], fill=frame)
    if state == "broken":
        cx, cy = rng.randint(ix0 + 20, mid - 20), rng.randint(iy0 + 40, iy1 - 20)
        for _ in range(6):
            draw.line(
                [cx, cy, cx + rng.randint(-70, 70), cy + rng.randint(-70, 70)],
                fill=(210, 214, 218),
                width=2,
            )


def _peeling(draw, rng, box, count):
    x0, y0, x1, y1 = box
    for _ in range(count):
        x, y = rng.randint(x0, x1), rng.randint(y0, y1)
        draw.polygon(
            [
                (x, y),
                (x + rng.randint(4, 14), y + rng.randint(-4, 4)),
                (x + 3, y + rng.randint(5, 14)),
            ],
            fill=(128, 112, 92),
        )


def _weeds(draw, rng, x0, x1, y, count):
    for _ in range(count):
        x = rng.randint(x0, x1)
        green = rng.choice([(62, 112, 48), (84, 130, 56), (48, 92, 40)])
        for _ in range(rng.randint(5, 9)):
            draw.line(
                [x, y, x + rng.randint(-18, 18), y - rng.randint(14, 46)], fill=green, width=3
            )


def _door(draw, rng, box, colour, number):
    x0, y0, x1, y1 = box
    draw.rectangle([x0 - 8, y0 - 8, x1 + 8, y1], fill=(226, 222, 210))
    draw.rectangle(box, fill=colour)
    draw.rectangle([x0 + 14, y0 + 16, x1 - 14, y0 + 70], fill=_shade(colour, 0.8))
    draw.rectangle([x0 + 14, y0 + 120, x1 - 14, y1 - 20], fill=_shade(colour, 0.8))
    draw.rectangle([x0 + 26, y0 + 92, x1 - 26, y0 + 100], fill=(40, 36, 30))  # letterbox
    draw.ellipse([x1 - 22, y0 + 104, x1 - 12, y0 + 114], fill=(196, 170, 90))
    draw.rectangle([x1 + 16, y0 + 10, x1 + 64, y0 + 40], fill=(240, 240, 236))
    draw.text((x1 + 40, y0 + 25), number, fill=(30, 30, 30), font=_font(18), anchor="mm")
    _peeling(draw, rng, box, rng.randint(4, 14))


def _neighbour(draw, rng, box, brick, frame, storeys):
    x0, _y0, x1, y1 = box
    _bricks(draw, rng, box, brick)
    for storey in range(storeys):
        top = y1 - 230 - storey * 200 + (40 if storey == 0 else 30)
        for wx in range(x0 + 40, x1 - 120, 190):
            _window(draw, rng, [wx, top, wx + 130, top + 140], frame, "ok")
            draw.rectangle([wx + 12, top + 12, wx + 38, top + 128], fill=(214, 200, 170))


def _facade(rng, home):
    prop = home.prop
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    _sky(draw, rng)
    brick_name, brick = rng.choice(BRICKS)
    frame_name, frame = rng.choice(FRAMES)
    garden = home.kind == "twee-onder-een-kap" or prop.year_built >= 1950
    ground = 700 if garden else 760
    storeys = {"arbeiders": 1, "herenhuis": 3}.get(home.kind, 2)
    width = {"arbeiders": 420, "herenhuis": 520}.get(home.kind, 560)
    corner = home.kind in ("hoek", "twee-onder-een-kap")
    x0 = 240 if corner else (W - width) // 2
    x1 = x0 + width
    eave = ground - 230 - (storeys - 1) * 200
    top = eave - 40 if home.roof == "flat" else eave

    # Street, pavement and (for post-war homes) an overgrown front garden.
    draw.rectangle([0, 830, W, H], fill=(58, 58, 62))
    draw.rectangle([0, 812, W, 830], fill=(150, 150, 146))
    draw.rectangle([0, ground, W, 812], fill=(172, 168, 160))
    for x in range(0, W, 60):
        draw.line([x, ground, x, 812], fill=(140, 136, 130))
    if garden:
        draw.rectangle([0, ground, W, 780], fill=(86, 120, 58))
        for _ in range(160):
            gx, gy = rng.randint(0, W), rng.randint(ground + 6, 780)
            draw.line([gx, gy, gx + rng.randint(-6, 6), gy - rng.randint(8, 24)], fill=(60, 96, 42))
        draw.rectangle([0, 780, W, 812], fill=(172, 168, 160))

    # The neighbours: the rest of the row, or the other half of a semi-detached pair.
    neighbour_brick = _vary(rng, rng.choice(BRICKS)[1], 10)
    neighbour_frame = rng.choice(FRAMES)[1]
    neighbours = [(0, x0)] + ([] if corner else [(x1, W)])
    if home.kind == "twee-onder-een-kap":
        neighbours = [(x1, x1 + width)]
        neighbour_brick = _vary(rng, brick, 6)
    for nx0, nx1 in neighbours:
        _neighbour(draw, rng, [nx0, top, nx1, ground], neighbour_brick, neighbour_frame, storeys)
    # The block the house is part of, from its left to its right end.
    row_x0 = min(x0, *(n[0] for n in neighbours))
    row_x1 = max(x1, *(n[1] for n in neighbours))
    if home.kind == "hoek":  # a garden wall beside the corner house
        _bricks(draw, rng, [x1 + 30, ground - 120, W, ground], _shade(brick, 0.9))
        draw.rectangle([x1 + 26, ground - 130, W, ground - 120], fill=(120, 116, 110))
        _weeds(draw, rng, x1 + 40, W, ground - 130, 6)

    # The house itself.
    _bricks(draw, rng, [x0, top, x1, ground], brick)
    roof = rng.choice(TILES_ROOF)
    missing_tiles = home.roof == "pitched" and rng.random() < 0.7
    if home.roof == "pitched":
        ridge = eave - (150 if home.kind != "twee-onder-een-kap" else 230)
        # A hipped end where the block ends in the picture: the right of a corner house, both
        # ends of a semi-detached pair.
        hip_left = 70 if home.kind == "twee-onder-een-kap" else 0
        hip_right = 70 if corner else 0
        neighbour_roof = _vary(rng, roof, 8)
        for rx0, rx1, colour in [(row_x0, row_x1, neighbour_roof), (x0, x1, roof)]:
            left = rx0 + (hip_left if rx0 == row_x0 else 0)
            right = rx1 - (hip_right if rx1 == row_x1 else 0)
            draw.polygon(
                [(rx0 - 10, eave), (rx1 + 10, eave), (right, ridge), (left, ridge)], fill=colour
            )
        for y in range(ridge + 14, eave, 16):
            up = (eave - y) / (eave - ridge)
            lx0 = row_x0 - 10 + int((hip_left + 10) * up)
            lx1 = row_x1 + 10 - int((hip_right + 10) * up)
            draw.line([lx0, y, lx1, y], fill=_shade(roof, 0.7), width=2)
            for x in range(lx0 + rng.randint(0, 24), lx1, 26):
                draw.line([x, y - 14, x, y], fill=_shade(roof, 0.78))

        def on_roof(y, width):
            """A random x where a patch this wide at height y lies on this house's roof."""
            up = (eave - y) / (eave - ridge)
            left = max(x0 + 20, row_x0 + int((hip_left + 10) * up) + 10)
            right = min(x1 - 20, row_x1 - int((hip_right + 10) * up) - 10) - width
            return rng.randint(left, max(left, right))

        if missing_tiles:
            for _ in range(rng.randint(3, 7)):
                my = rng.randint(ridge + 10, eave - 30)
                width = 26 * rng.randint(1, 3)
                mx = on_roof(my, width)
                draw.rectangle([mx, my, mx + width, my + 16], fill=(36, 28, 24))
                draw.line([mx, my + 8, mx + width, my + 8], fill=(120, 90, 60), width=2)
            for _ in range(6):  # moss
                my = rng.randint(ridge + 4, eave - 14)
                mx = on_roof(my, 30)
                draw.ellipse([mx, my, mx + 30, my + 12], fill=(78, 104, 52))
        cx = rng.randint(x0 + 60, x1 - 120)
        _bricks(draw, rng, [cx, ridge - 70, cx + 60, ridge + 10], _shade(brick, 0.9))
        draw.rectangle([cx - 6, ridge - 80, cx + 66, ridge - 68], fill=(90, 90, 90))
        if home.kind in ("arbeiders", "twee-onder-een-kap") or rng.random() < 0.3:
            dx = (x0 + x1) // 2 - 90
            dy = ridge + 20
            draw.rectangle([dx - 10, dy - 12, dx + 190, dy], fill=frame)
            draw.rectangle([dx, dy, dx + 180, eave - 10], fill=(120, 110, 100))
            _window(draw, rng, [dx + 20, dy + 12, dx + 160, eave - 24], frame, "dirty", False)
        draw.rectangle([row_x0 - 10, eave - 4, row_x1 + 10, eave + 8], fill=(140, 144, 148))
        _weeds(draw, rng, x0 + 20, x1 - 20, eave - 2, rng.randint(2, 5))
    else:
        draw.rectangle([row_x0, top - 6, row_x1, top + 30], fill=_shade(frame, 0.95))
        for bx in range(x0 + 20, x1, 70):
            draw.rectangle([bx, top + 30, bx + 14, top + 52], fill=_shade(frame, 0.8))
        _peeling(draw, rng, [x0, top, x1, top + 28], 24)
        _weeds(draw, rng, x0 + 40, x1 - 40, top - 6, rng.randint(1, 3))
    draw.rectangle([x1 - 14, eave, x1 - 6, ground], fill=(128, 132, 136))  # downpipe
    if rng.random() < 0.5:  # the downpipe came loose and the wall stays wet
        draw.rectangle([x1 - 14, eave + 80, x1 - 6, eave + 120], fill=brick)

    boarded = rng.random() < 0.55
    broken = not boarded and rng.random() < 0.5
    number = prop.address.split(" ")[-1]
    door_colour = rng.choice(DOORS)
    # Ground floor: the door (two for an upstairs flat), and the front window.
    door_x = x1 - 150
    _door(draw, rng, [door_x, ground - 210, door_x + 90, ground], door_colour, number)
    if home.kind == "boven":
        base = str(prop.house_number)
        _door(draw, rng, [x0 + 30, ground - 210, x0 + 120, ground], door_colour, base)
        wx0 = x0 + 190
    else:
        wx0 = x0 + 40
    ground_state = "boarded" if boarded else ("broken" if broken else "dirty")
    _window(draw, rng, [wx0, ground - 190, door_x - 60, ground - 50], frame, ground_state)
    for storey in range(1, storeys):
        wy = ground - 230 - (storey - 1) * 200 - 170 + 20
        count = 3 if width >= 520 and home.kind == "herenhuis" else 2
        span = (x1 - x0 - 80) // count
        for i in range(count):
            left = x0 + 40 + i * span + 20
            state = "boarded" if boarded and storey == 1 and i == 0 else "dirty"
            _window(draw, rng, [left, wy, left + span - 60, wy + 150], frame, state)
    for wx in range(x0, x1, 90):
        _peeling(draw, rng, [wx, ground - 200, wx + 60, ground - 40], 3)
    weeds = rng.random() < 0.8
    if weeds:
        _weeds(draw, rng, x0, x1, ground, rng.randint(5, 10))

    roof_text = "een zadeldak" if home.roof == "pitched" else "een plat dak met houten gootlijst"
    parts = [f"Voorgevel van {brick_name} baksteen met {roof_text}"]
    if home.kind == "boven":
        parts.append("twee voordeuren (beneden- en bovenwoning)")
    if boarded:
        parts.append("dichtgetimmerde ramen op de begane grond")
    elif broken:
        parts.append("een gebarsten ruit in het voorraam")
    if missing_tiles:
        parts.append("ontbrekende dakpannen")
    parts.append(f"{frame_name} kozijnen met afbladderende verf")
    if weeds:
        parts.append("onkruid langs de gevel")
    if garden:
        parts.append("een verwilderde voortuin")
    return image, ", ".join(parts[:-1]) + " en " + parts[-1]


def _room_shell(draw, rng, wall, floor_colour, back=(250, 170, 950, 610)):
    bx0, by0, bx1, by1 = back
    draw.polygon([(0, 0), (W, 0), (bx1, by0), (bx0, by0)], fill=(214, 210, 200))
    draw.polygon([(0, 0), (bx0, by0), (bx0, by1), (0, H)], fill=_shade(wall, 0.82))
    draw.polygon([(W, 0), (bx1, by0), (bx1, by1), (W, H)], fill=_shade(wall, 0.9))
    draw.rectangle(back, fill=wall)
    # Floorboards running away from the viewer, some worn and one missing.
    boards = list(range(bx0, bx1 + 1, 35))
    scale = W / (bx1 - bx0)
    missing = rng.randrange(len(boards) - 1)
    for i, (a, b) in enumerate(itertools.pairwise(boards)):
        fa, fb = (a - bx0) * scale, (b - bx0) * scale
        colour = (34, 26, 22) if i == missing else _vary(rng, floor_colour, 16)
        draw.polygon([(a, by1), (b, by1), (fb, H), (fa, H)], fill=colour)
        draw.line([(a, by1), (fa, H)], fill=_shade(floor_colour, 0.6), width=2)
    draw.rectangle([bx0, by1 - 16, bx1, by1], fill=(196, 188, 170))  # skirting
    return back


def _damp(image, rng, boxes):
    """Brownish damp stains, blended into the picture."""
    for box in boxes:
        x0, y0, x1, y1 = (max(0, box[0]), max(0, box[1]), min(W, box[2]), min(H, box[3]))
        region = image.crop((x0, y0, x1, y1)).convert("RGBA")
        stain = Image.new("RGBA", region.size, (0, 0, 0, 0))
        ImageDraw.Draw(stain).ellipse(
            [box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0],
            fill=(92, 72, 40, rng.randint(50, 90)),
        )
        image.paste(Image.alpha_composite(region, stain).convert("RGB"), (x0, y0))


def _living_room(rng):
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    wall = rng.choice([(198, 176, 128), (170, 160, 120), (190, 150, 110)])
    bx0, by0, bx1, by1 = _room_shell(draw, rng, wall, (146, 106, 66))
    for x in range(bx0 + 10, bx1, 48):  # dated wallpaper motif
        for y in range(by0 + 20, by1 - 20, 48):
            draw.ellipse([x, y, x + 14, y + 14], fill=_shade(wall, 0.78))
    draw.rectangle([520, 230, 760, 480], fill=(236, 234, 226))
    draw.rectangle([532, 242, 748, 468], fill=(204, 222, 236))
    draw.rectangle([636, 230, 644, 480], fill=(236, 234, 226))
    draw.rectangle([510, 480, 770, 492], fill=(190, 186, 176))
    draw.rectangle([300, 430, 400, 594], fill=(104, 80, 58))  # gas heater
    for y in range(450, 580, 12):
        draw.line([310, y, 390, y], fill=(60, 46, 34), width=3)
    draw.line([600, 0, 600, 120], fill=(30, 30, 30), width=2)
    draw.ellipse([590, 118, 610, 142], fill=(250, 246, 220))
    draw.polygon([(840, 200), (900, 190), (880, 320)], fill=(220, 214, 200))  # loose paper
    _damp(image, rng, [(bx0 - 20, by1 - 120, bx0 + 220, by1 + 20), (bx1 - 200, by0, bx1, by0 + 90)])
    return image, (
        "Woonkamer met versleten houten vloerdelen, gedateerd behang met vochtplekken en een "
        "oude gaskachel"
    )


def _bedroom(rng):
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    wall = rng.choice([(186, 196, 170), (200, 186, 170), (176, 186, 200)])
    bx0, by0, bx1, by1 = _room_shell(draw, rng, wall, (160, 120, 80))
    for x in range(bx0, bx1, 30):  # striped wallpaper
        draw.rectangle([x, by0, x + 12, by1 - 16], fill=_shade(wall, 0.86))
    # Peeling wallpaper shows the plaster beneath.
    draw.polygon([(700, 200), (860, 190), (820, 420), (720, 380)], fill=(178, 172, 160))
    draw.polygon([(860, 190), (820, 420), (900, 330)], fill=_shade(wall, 1.1))
    draw.polygon([(60, 180), (200, 230), (200, 460), (60, 470)], fill=(236, 234, 226))
    draw.polygon([(72, 196), (188, 238), (188, 450), (72, 458)], fill=(206, 222, 232))
    _damp(image, rng, [(bx0 + 80, by0 - 40, bx0 + 420, by0 + 80)])
    return (
        image,
        "Slaapkamer met loslatend streepjesbehang, een vochtplek aan het plafond en een kale "
        "plankenvloer",
    )


def _kitchen(rng):
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    name, tile = rng.choice(
        [
            ("mosterdgele", (200, 160, 62)),
            ("olijfgroene", (128, 138, 72)),
            ("bruine", (140, 98, 60)),
        ]
    )
    wood_name, wood = rng.choice(
        [
            ("bruine", (126, 84, 50)),
            ("eikenhouten", (150, 104, 60)),
            ("crèmekleurige", (214, 204, 176)),
            ("donkerbruine", (92, 62, 42)),
        ]
    )
    floor = rng.choice([((150, 60, 44), (196, 186, 160)), ((70, 70, 74), (200, 200, 196))])
    draw.rectangle([0, 0, W, 340], fill=rng.choice([(222, 212, 176), (206, 214, 196)]))
    draw.rectangle([0, 340, W, 600], fill=(226, 222, 208))
    for x in range(0, W, 36):
        for y in range(340, 600, 36):
            colour = (150, 146, 136) if rng.random() < 0.03 else _vary(rng, tile, 8)
            draw.rectangle([x + 2, y + 2, x + 34, y + 34], fill=colour)
    draw.rectangle([430, 110, 790, 330], fill=(236, 234, 226))
    draw.rectangle([444, 124, 776, 316], fill=(200, 218, 230))
    draw.rectangle([606, 110, 614, 330], fill=(236, 234, 226))
    for x in range(40, 400, 110):  # wall cupboards, one door hanging askew
        draw.rectangle([x, 100, x + 104, 320], fill=wood, outline=(80, 52, 30), width=3)
    draw.polygon([(260, 100), (364, 112), (356, 330), (256, 320)], fill=_shade(wood, 1.1))
    draw.rectangle([880, 100, 1010, 290], fill=(236, 236, 232))  # geyser
    draw.rectangle([920, 180, 970, 210], fill=(40, 40, 40))
    for px in (900, 940, 980):
        draw.line([px, 290, px, 600], fill=(170, 120, 80), width=5)
    draw.rectangle([30, 600, 1170, 630], fill=(186, 178, 160))
    draw.rectangle([470, 604, 730, 626], fill=(166, 170, 176))
    draw.line([600, 604, 600, 560], fill=(180, 184, 190), width=8)
    draw.line([600, 560, 640, 570], fill=(180, 184, 190), width=8)
    missing = rng.randrange(10)
    for i, x in enumerate(range(30, 1170, 114)):
        fill = (30, 24, 20) if i == missing else wood
        draw.rectangle([x, 630, x + 110, 822], fill=fill, outline=(80, 52, 30), width=3)
        if i != missing:
            draw.rectangle([x + 46, 650, x + 64, 656], fill=(200, 190, 150))
    for x in range(0, W, 60):
        for y in range(822, H, 40):
            odd = (x // 60 + (y - 822) // 40) % 2
            draw.rectangle([x, y, x + 60, y + 40], fill=floor[odd])
    _damp(image, rng, [(40, 280, 380, 420), (820, 300, 1100, 420)])
    return image, (
        f"Gedateerde keuken met {wood_name} kastjes, {name} tegels en een oude geiser; één "
        "kastdeurtje ontbreekt"
    )


def _attic(rng):
    image = Image.new("RGB", (W, H))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, W, H], fill=(60, 46, 36))
    near_apex, far_apex = (600, -300), (600, 190)
    for side in (-1, 1):
        near_foot, far_foot = (600 + side * 1000, 900), (600 + side * 300, 640)
        draw.polygon([near_apex, far_apex, far_foot, near_foot], fill=(176, 138, 92))
        for t in (0.2, 0.4, 0.6, 0.8):  # roof boards
            a = _mix(near_apex, near_foot, t)
            b = _mix(far_apex, far_foot, t)
            draw.line([a, b], fill=(130, 98, 64), width=2)
        for s in (0.1, 0.35, 0.55, 0.7, 0.82, 0.92):  # rafters
            a = _mix(near_apex, far_apex, s)
            b = _mix(near_foot, far_foot, s)
            draw.line([a, b], fill=(96, 66, 40), width=max(4, int(30 * (1 - s))))
    draw.polygon([(600, 190), (900, 640), (300, 640)], fill=(112, 64, 48))  # gable wall
    draw.rectangle([560, 400, 640, 500], fill=(226, 232, 236))
    draw.polygon([(0, 900), (300, 640), (900, 640), (W, 900)], fill=(120, 92, 62))
    for x in range(300, 901, 40):
        draw.line([(x, 640), (600 + (x - 600) * 2, 900)], fill=(90, 68, 44), width=2)
    # Daylight through missing tiles, and the stain the rain left below.
    hx, hy = rng.choice([(360, 330), (820, 300)])
    draw.polygon(
        [(hx, hy), (hx + 50, hy - 10), (hx + 56, hy + 30), (hx + 6, hy + 40)], fill=(250, 246, 230)
    )
    _damp(image, rng, [(hx - 60, 700, hx + 160, 800)])
    return image, (
        "Zolder met houten spanten en dakbeschot; door ontbrekende dakpannen valt daglicht naar "
        "binnen en op de vloer zit een lekkageplek"
    )


# --- Documents -------------------------------------------------------------------------------


MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip
SCORES = {1: "uitstekend", 2: "goed", 3: "redelijk", 4: "matig", 5: "slecht", 6: "zeer slecht"}
ELEMENTS = [
    # element, share of the cost, findings
    ("Fundering", 0.10, [
        "Scheefstand van 1:90 gemeten aan de voorgevel; nader onderzoek nodig.",
        "Scheuren boven de kozijnen van de achtergevel wijzen op zetting.",
    ]),
    ("Gevels en voegwerk", 0.08, [
        "Voegwerk uitgesleten, plaatselijk losse stenen; vochtdoorslag aan de achterzijde.",
        "Gevel vervuild en met groene aanslag onder de lekkende goot.",
    ]),
    ("Dak en dakbedekking", 0.15, [
        "Dakpannen verschoven en gebroken, panlatten aangetast; lekkage bij de schoorsteen.",
        "Dakbedekking verweerd en gescheurd, lekkage boven de achterkamer.",
    ]),
    ("Goten en hemelwaterafvoer", 0.03, [
        "Zinken goot lek, regenpijp losgeraakt.",
        "Goot doorgeroest en begroeid.",
    ]),
    ("Kozijnen, ramen en deuren", 0.14, [
        "Houtrot in onderdorpels en stijlen; enkel glas, kitwerk verdwenen.",
        "Verf afgebladderd, ramen klemmen; deels dichtgetimmerd na inbraak.",
    ]),
    ("Vloeren en trappen", 0.09, [
        "Houten begane-grondvloer veert; aantasting door de bonte knaagkever.",
        "Trap steil en versleten; leuning ontbreekt.",
    ]),
    ("Elektrische installatie", 0.08, [
        "Groepenkast met porseleinen zekeringen, geen aardlekschakelaar; stoffen bedrading.",
        "Installatie deels ongeaard en niet volgens NEN 1010.",
    ]),
    ("Gas, water en riolering", 0.08, [
        "Loden waterleiding aangetroffen; gasleiding verouderd.",
        "Gemetselde riolering verzakt onder de keuken.",
    ]),
    ("Verwarming en ventilatie", 0.09, [
        "Gaskachel in de woonkamer, geiser in de keuken; geen mechanische ventilatie.",
        "Geen centrale verwarming; rookgasafvoer van de geiser lekt.",
    ]),
    ("Keuken en sanitair", 0.09, [
        "Keuken en badkamer uit de jaren zeventig, niet meer bruikbaar.",
        "Toilet en douche verouderd, afvoer lekt.",
    ]),
    ("Isolatie", 0.07, [
        "Geen dak-, gevel- of vloerisolatie aanwezig.",
        "Alleen een dunne laag glaswol op de zoldervloer.",
    ]),
]  # fmt: skip
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
    return [(e, text, score, _round_to(weight * scale, 500)) for e, text, score, weight in rows]


def _add_documents(rng, homes):
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
        cost = _round_to(rng.uniform(900, 4500) * (2 if bond.startswith("niet") else 1), 100)
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
def _quiet_pdf_logging():
    """WeasyPrint logs every rendering step at INFO; the demo prints nothing but its logins."""
    logger = logging.getLogger("weasyprint.progress")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


# --- Sales rounds ----------------------------------------------------------------------------


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


ROUNDS = [
    {
        "slug": "oude-haven-2026-2",
        "name": "Oude Haven, najaar 2026",
        "municipality": "havenstad",
        "bureau": "stadsherstel-advies",
        "area": "Oude Haven",
        "homes": range(8),
        "introduction": (
            "In de Oude Haven verkoopt de gemeente Havenstad acht klushuizen rond de Kaaistraat "
            "en het Touwslagerspad. De woningen staan al jaren leeg en hebben een grondige "
            "renovatie nodig: daken, kozijnen, installaties en op veel plaatsen de fundering.\n\n"
            "Wie een woning koopt, renoveert die volgens het programma van eisen en woont er "
            "daarna zelf minstens twee jaar. Stadsherstel Advies begeleidt de verkoop namens de "
            "gemeente. Kom naar de kijkdag en lees de bouwkundige rapporten voordat u zich "
            "inschrijft."
        ),
        "information_meeting_place": "Wijkcentrum De Kaai, Kaaistraat 2",
        "selection_method": "lottery",
        "priority_social_rental": True,
        "extra_tickets_local": 1,
        "max_preferences": 3,
        "registration_fee": Decimal(0),
        "anti_speculation": "profit_share",
        "anti_speculation_percentage": 50,
        "anti_speculation_years": 5,
        "penalty_amount": Decimal(50000),
    },
    {
        "slug": "spoorzicht-2027-1",
        "name": "Spoorzicht, voorjaar 2027",
        "municipality": "havenstad",
        "bureau": None,
        "area": "Spoorzicht",
        "homes": range(6),
        "introduction": (
            "Zes woningen in Spoorzicht, de buurt die rond 1900 voor het personeel van de "
            "spoorwegen werd gebouwd. In deze ronde beoordeelt een jury de renovatieplannen: "
            "wie het beste plan voor een woning maakt, krijgt haar. Bij gelijke scores beslist "
            "de loting.\n\nU betaalt € 50 inschrijfgeld, dat u terugkrijgt als u geen woning "
            "krijgt."
        ),
        "information_meeting_place": "Buurthuis De Wissel, Wisselstraat 40",
        "selection_method": "plan_assessment",
        "max_preferences": 2,
        "registration_fee": Decimal("50.00"),
        "anti_speculation": "fixed_sum",
        "anti_speculation_amount": Decimal(25000),
        "anti_speculation_years": 3,
        "penalty_amount": Decimal(10250),
        "penalty_daily_amount": Decimal(50),
        "penalty_cap": Decimal(25000),
    },
    {
        "slug": "molenwijk-2026-1",
        "name": "Molenwijk, voorjaar 2026",
        "municipality": "havenstad",
        "bureau": "stadsherstel-advies",
        "area": "Molenwijk",
        "homes": range(6),
        "introduction": (
            "Zes woningen uit de jaren twintig en dertig in het tuindorp rond de oude "
            "korenmolen. De inschrijving voor deze ronde is gesloten."
        ),
        "information_meeting_place": "Molenzaal, Molenerf 1",
        "selection_method": "lottery",
        "max_preferences": 3,
        "anti_speculation": "profit_share",
        "anti_speculation_percentage": 50,
        "anti_speculation_years": 5,
    },
    {
        "slug": "lindenburg-binnenstad-2027",
        "name": "Binnenstad Lindenburg 2027",
        "municipality": "lindenburg",
        "bureau": "stadsherstel-advies",
        "area": None,  # three in the Binnenstad and one in Lindenhof
        "homes": [("Binnenstad", 0), ("Binnenstad", 1), ("Binnenstad", 2), ("Lindenhof", 0)],
        "introduction": (
            "Vier panden in en bij de historische binnenstad van Lindenburg, waaronder twee "
            "herenhuizen en een bovenwoning. Omdat de binnenstad een beschermd stadsgezicht is, "
            "gelden voor de voorgevels extra eisen."
        ),
        "information_meeting_place": "Stadhuis Lindenburg, Raadzaal",
        "selection_method": "lottery",
        "max_preferences": 2,
        "anti_speculation": "profit_share",
        "anti_speculation_percentage": 50,
        "anti_speculation_years": 5,
    },
]


def _sales_rounds(orgs, by_place, staff, bureau_staff, now) -> dict:
    today = now.astimezone(AMSTERDAM).date()
    rounds = {}
    timing = {
        # slug: opens, closes, information meeting, viewing days (day offsets and hours)
        "oude-haven-2026-2": ((-5, 9), (16, 12), (-12, 19), [(-2, 10, 14), (4, 13, 16)]),
        "spoorzicht-2027-1": ((20, 9), (62, 12), (27, 19), [(31, 10, 13), (38, 13, 16)]),
        # Made with a future window so that it can be published; moved back below.
        "molenwijk-2026-1": ((1, 9), (2, 12), (-56, 19), [(-52, 10, 14), (-45, 13, 16)]),
        "lindenburg-binnenstad-2027": ((61, 9), (103, 12), (68, 19), [(75, 10, 14)]),
    }
    for spec in ROUNDS:
        spec = dict(spec)
        slug = spec.pop("slug")
        area, homes = spec.pop("area"), spec.pop("homes")
        places = [(area, i) for i in homes] if area else homes
        opens, closes, meeting, viewings = timing[slug]
        bureau = spec.pop("bureau")
        sales_round = SalesRound(
            slug=slug,
            municipality=orgs[spec.pop("municipality")],
            bureau=orgs[bureau] if bureau else None,
            opens_at=_local(today + timedelta(days=opens[0]), opens[1]),
            closes_at=_local(today + timedelta(days=closes[0]), closes[1]),
            information_meeting_at=_local(today + timedelta(days=meeting[0]), meeting[1]),
            **spec,
        )
        sales_round.full_clean()
        sales_round.save()
        for place in places:
            RoundProperty.objects.create(sales_round=sales_round, property=by_place[place].prop)
        for day, start, end in viewings:
            ViewingDay.objects.create(
                sales_round=sales_round,
                starts_at=_local(today + timedelta(days=day), start),
                ends_at=_local(today + timedelta(days=day), end),
                notes="Verzamelen bij het eerste huis; neem stevige schoenen mee.",
            )
        rounds[slug] = sales_round

    for slug in ("oude-haven-2026-2", "spoorzicht-2027-1", "molenwijk-2026-1"):
        sales_round = rounds[slug]
        actor = bureau_staff if sales_round.bureau_id else staff["havenstad"]
        rounds[slug] = services.sales_round_publish(sales_round=sales_round, actor=actor)

    # Demo time travel. The Molenwijk round ran this spring: the service refuses to publish a
    # round whose window has closed, so it was published with a future window above and is
    # moved into the past here. The Oude Haven round was announced before it opened. Both get
    # their opening alerts marked as sent, so the alert sweep does not mail about old news.
    travel = {
        "oude-haven-2026-2": (timing["oude-haven-2026-2"][0], timing["oude-haven-2026-2"][1]),
        "molenwijk-2026-1": ((-63, 9), (-30, 12)),
    }
    for slug, (opens, closes) in travel.items():
        opens_at = _local(today + timedelta(days=opens[0]), opens[1])
        published_at = opens_at - timedelta(days=14)
        SalesRound.objects.filter(pk=rounds[slug].pk).update(
            opens_at=opens_at,
            closes_at=_local(today + timedelta(days=closes[0]), closes[1]),
            published_at=published_at,
            opening_alerts_sent_at=opens_at,
        )
        PropertyStatusChange.objects.filter(
            property__in=rounds[slug].properties.all(), to_status=rules.IN_ROUND
        ).update(at=published_at)
        rounds[slug].refresh_from_db()
    return rounds


# --- Alerts ----------------------------------------------------------------------------------


def _alert_subscriptions():
    for number, language in [(1, "nl"), (2, "en"), (3, "nl")]:
        email = f"alert{number}@example.test"
        services.alert_subscribe(email=email, language=language)
        subscription = AlertSubscription.objects.get(email=email)
        services.alert_confirm(subscription_id=subscription.pk, email=email)
    # One that never clicked the link. Made directly: the service would mail the link again
    # after commit, and the demo prints nothing but its logins.
    AlertSubscription.objects.get_or_create(
        email="alert4@example.test", defaults={"language": "nl"}
    )
