"""The demo's neighbourhoods and homes: the streets, postcodes and cadastral parcels of each
area, the `Home` record that carries a property through the other sections, and the writes that
list a home, give it its figures (a first version and, for a few, a later change) and date it
back to a believable past. Every random choice comes from the `rng` passed in, in a fixed order,
so that the same seed gives the same homes.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from properties import rules, services
from properties.models import Property, PropertyFigures, PropertyStatusChange

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in the Netherlands, where the homes are listed and the rounds run."""
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


# --- The neighbourhoods and their homes ------------------------------------------------------

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
        "tussen hoek boven tussen arbeiders hoek tussen boven",
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
        # The pilot round's corner house (klushuis/demo/past_sale.py): so a sale on leasehold
        # land is always among the demo's agreements, whatever today's draws give.
        leasehold=(6,),
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
# Per leasehold term below: the yearly ground rent, or the day until which it is bought off.
LEASEHOLD_GROUND_RENT = [
    (None, date(2056, 12, 31)),
    (None, date(2061, 12, 31)),
    (Decimal(1240), None),
    (Decimal(960), None),
]
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


# --- Listing the homes -----------------------------------------------------------------------


def create_homes(rng, orgs, neighbourhoods, now) -> list[Home]:
    """Every area's homes as draft properties, with an address, parcel and description."""
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
            rent, bought_off = (
                LEASEHOLD_GROUND_RENT[len(homes) % len(LEASEHOLD_TERMS)]
                if leasehold
                else (None, None)
            )
            flat = kind == "boven"
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
                ground_rent=rent,
                ground_rent_bought_off_until=bought_off,
                # An upstairs flat: its share in the building and its owners' association.
                apartment_share="1/2" if flat else "",
                owners_association=f"Vereniging van Eigenaars {street} {number}" if flat else "",
                owners_association_rules=(
                    f"akte van splitsing van {year + 70 if year + 70 < 2020 else 2005}, met het "
                    "Modelreglement 2017"
                    if flat
                    else ""
                ),
                owners_association_contribution=Decimal(65) if flat else None,
                energy_label=rng.choices("GFED", weights=[35, 40, 15, 10])[0],
                title=rng.choice(TITLES[kind]),
                description=_description(rng, home, year),
            )
            home.listed_at = local(
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


def round_to(value, step) -> int:
    return int(round(value / step) * step)


def first_figures(rng, home) -> dict:
    prop = home.prop
    price = round_to(prop.living_area_m2 * rng.uniform(1500, 2100), 5000)
    price = min(max(price, 95000), 265000)
    budget = round_to(prop.living_area_m2 * rng.uniform(950, 1400), 2500)
    if home.foundation:
        budget += 15000
    budget = min(max(budget, 55000), 185000)
    return {
        "purchase_price": Decimal(price),
        "price_condition": "von" if rng.random() < 0.12 else "kk",
        "valuation": Decimal(round_to(price * rng.uniform(1.1, 1.3), 5000)),
        "minimum_renovation_budget": Decimal(budget),
        "budget_basis_author": rng.choice(BUDGET_AUTHORS),
        "budget_basis_date": home.listed_at.date() - timedelta(days=rng.randint(14, 60)),
        "budget_own_work_share": rng.choice([0, 10, 15, 20, 25, 30]),
        "budget_basis_notes": rng.choice(BUDGET_NOTES),
    }


def backdate_listing(home):
    # Demo time travel: the home was listed months ago, and its first figures date from then,
    # so that the public history of the figures reads like a real one.
    prop = home.prop
    Property.objects.filter(pk=prop.pk).update(created_at=home.listed_at - timedelta(days=2))
    PropertyFigures.objects.filter(property=prop, version=1).update(created_at=home.listed_at)
    PropertyStatusChange.objects.filter(property=prop, to_status=rules.PUBLISHED).update(
        at=home.listed_at + timedelta(days=1)
    )


def change_figures(rng, home, change, actor, now):
    current = home.prop.current_figures
    figures = {name: getattr(current, name) for name in services.FIGURE_FIELDS}
    changed_at = now - timedelta(days=rng.randint(24, 40))
    basis_date = changed_at.astimezone(AMSTERDAM).date() - timedelta(days=rng.randint(5, 12))
    budget = int(figures["minimum_renovation_budget"])
    price = int(figures["purchase_price"])
    if change == "foundation":
        reason = "Nieuwe kostenraming na funderingsonderzoek"
        budget += round_to(rng.uniform(20000, 35000), 2500)
        figures["budget_basis_author"] = "Bouwkundig adviesbureau De Graaf"
        figures["budget_basis_date"] = basis_date
        figures["budget_basis_notes"] = (
            "Inclusief herstel van de fundering onder de achtergevel volgens het "
            "funderingsonderzoek."
        )
    elif change == "asbestos":
        reason = "Kostenraming bijgesteld na asbestinventarisatie"
        budget += round_to(rng.uniform(7500, 15000), 2500)
        figures["budget_basis_date"] = basis_date
        figures["budget_basis_notes"] = (
            "Inclusief sanering van asbest in meterkast en keukenvloer door een "
            "gecertificeerd bedrijf."
        )
    elif change == "price_level":
        reason = "Kostenraming geactualiseerd naar het prijspeil van dit jaar"
        budget = round_to(budget * 1.06, 2500)
        figures["budget_basis_date"] = basis_date
    elif change == "annex":
        reason = "Koopsom verlaagd: de aanbouw moet worden gesloopt"
        price -= round_to(rng.uniform(5000, 10000), 5000)
    else:
        reason = "Koopsom verlaagd na een nieuwe taxatie"
        price -= round_to(rng.uniform(10000, 20000), 5000)
        figures["valuation"] = Decimal(round_to(price * 1.15, 5000))
    figures["minimum_renovation_budget"] = Decimal(min(max(budget, 55000), 185000))
    figures["purchase_price"] = Decimal(max(price, 95000))
    version = services.property_figures_update(
        property=home.prop, figures=figures, actor=actor, reason=reason
    )
    # Demo time travel: the change was made a few weeks ago.
    PropertyFigures.objects.filter(pk=version.pk).update(created_at=changed_at)


def withdraw(rng, home, actor, now):
    """Take a published home off the market, a few weeks ago."""
    services.property_transition(
        property=home.prop,
        to=rules.WITHDRAWN,
        actor=actor,
        reason="De gemeente laat eerst de fundering van het hele bouwblok onderzoeken.",
    )
    # Demo time travel: withdrawn a few weeks ago.
    PropertyStatusChange.objects.filter(property=home.prop, to_status=rules.WITHDRAWN).update(
        at=now - timedelta(days=rng.randint(20, 40))
    )
