"""Demo section: klushuizen with photos, documents and versioned figures, sales rounds in every
phase, and subscribers to the round alerts. Havenstad lists 34 homes in four neighbourhoods,
Lindenburg 8 in two; photos are drawn with Pillow and documents rendered to PDF, so the demo
needs no files of its own. `build` runs the parts in order (`homes`, `photos` with `facade`,
`documents`, `rounds`) with one random source from a fixed seed (not `demo.fake`, whose state
depends on the number of applicants), so the order of its calls is part of what makes two runs
give the same data. Every date is relative to today, so the rounds are always open, announced,
closed and draft; writes go through `properties.services`, and where the demo needs a past that
the services cannot make (they stamp everything "now"), it travels in time with `update()`.
"""

import random

from django.utils import timezone
from django.utils.text import slugify

from klushuis.accounts.models import User
from klushuis.demo.properties.documents import add_documents, quiet_pdf_logging
from klushuis.demo.properties.homes import (
    AREAS,
    DRAFTS,
    FIGURE_CHANGES,
    REFERENCE_PREFIX,
    WITHDRAWN,
    backdate_listing,
    change_figures,
    create_homes,
    first_figures,
    withdraw,
)
from klushuis.demo.properties.photos import add_photos
from klushuis.demo.properties.rounds import ROUNDS, create_sales_rounds, subscribe_to_alerts
from properties import rules, services
from properties.models import Neighbourhood, Property, SalesRound

SEED = 20260405

# Who lists and publishes: Lindenburg has no staff of its own in the demo; its bureau does it.
LISTING_STAFF = {
    "havenstad": "medewerker@havenstad.test",
    "lindenburg": "verkoop@stadsherstel.test",
}
BUREAU_STAFF = "verkoop@stadsherstel.test"


def build(demo):
    orgs = demo.objects["organisations"]
    first_reference = f"{REFERENCE_PREFIX['havenstad']}-001"
    if Property.objects.filter(reference=first_reference).exists():
        # `demo --force` on a database that has the demo already: keep what is there.
        _remember(demo)
        return
    rng = random.Random(SEED)
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

    homes = create_homes(rng, orgs, neighbourhoods, now)
    by_place = {(h.area.name, h.position): h for h in homes}
    drafts = {by_place[p].prop.pk for p in DRAFTS}
    withdrawn = {by_place[p].prop.pk for p in WITHDRAWN}
    for home in homes:
        actor = staff[home.area.municipality]
        services.property_figures_update(
            property=home.prop, figures=first_figures(rng, home), actor=actor
        )
        if home.prop.pk not in drafts:
            services.property_transition(property=home.prop, to=rules.PUBLISHED, actor=actor)
        backdate_listing(home)
        add_photos(rng, home)

    for name, position, change in FIGURE_CHANGES:
        home = by_place[(name, position)]
        change_figures(rng, home, change, staff[home.area.municipality], now)

    for home in homes:
        if home.prop.pk in withdrawn:
            withdraw(rng, home, staff[home.area.municipality], now)

    with quiet_pdf_logging():
        add_documents(rng, homes)

    rounds = create_sales_rounds(orgs, by_place, staff, bureau_staff, now)
    subscribe_to_alerts()

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
