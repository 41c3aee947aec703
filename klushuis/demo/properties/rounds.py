"""The demo's sales rounds, one in every phase (open, announced, closed and draft, and a closed
round assessed by plan quality), with their
homes and viewing days, and the subscribers to the round alerts. Dates are relative to today,
which is why the round names carry no season or year. The services stamp everything "now" and
refuse to publish a round whose window has closed, so the past is made by publishing first and
travelling back in time with an explicit `update()`.
"""

from datetime import timedelta
from decimal import Decimal

from applications.rounds import sales_round_publish
from klushuis.accounts import roles
from klushuis.accounts.models import User
from klushuis.demo.properties.homes import AMSTERDAM, local
from properties import rules, services
from properties.models import (
    AlertSubscription,
    AssessmentCriterion,
    PropertyStatusChange,
    RoundProperty,
    SalesRound,
    ViewingDay,
)

CRITERIA = [
    (
        "Kwaliteit van het plan",
        "Pakt het plan de gebreken uit het bouwkundig rapport aan en voldoet het aan het "
        "programma van eisen?",
        Decimal(2),
    ),
    (
        "Duurzaamheid",
        "Isolatie, installaties en materiaalkeuze: hoe ver komt de woning na de renovatie?",
        Decimal("1.5"),
    ),
    (
        "Haalbaarheid",
        "Passen de begroting, de planning en het aandeel eigen werk bij elkaar?",
        Decimal("1.5"),
    ),
]

ROUNDS = [
    {
        "slug": "oude-haven-2",
        "name": "Oude Haven, tweede ronde",
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
        "slug": "spoorzicht-1",
        "name": "Spoorzicht, eerste ronde",
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
        "slug": "molenwijk-1",
        "name": "Molenwijk, eerste ronde",
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
        "slug": "bloemhof-1",
        "name": "Bloemhof, eerste ronde",
        "municipality": "havenstad",
        "bureau": None,
        "area": "Bloemhof",
        "homes": range(5),
        "introduction": (
            "Vijf portiek- en eengezinswoningen uit de jaren vijftig en zestig in Bloemhof. Een "
            "jury beoordeelde de renovatieplannen op kwaliteit, duurzaamheid en haalbaarheid; "
            "bij gelijke scores besliste de loting. De inschrijving is gesloten."
        ),
        "information_meeting_place": "Wijkcentrum Bloemhof, Rozenlaan 1",
        "selection_method": "plan_assessment",
        "max_preferences": 2,
        "assessment_min_score": Decimal("5.5"),
        "anti_speculation": "profit_share",
        "anti_speculation_percentage": 50,
        "anti_speculation_years": 5,
    },
    {
        "slug": "lindenburg-binnenstad-1",
        "name": "Binnenstad Lindenburg, eerste ronde",
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


def create_sales_rounds(orgs, by_place, staff, bureau_staff, now) -> dict:
    """The rounds in `ROUNDS` by slug; all but the Lindenburg one (a draft) are published."""
    today = now.astimezone(AMSTERDAM).date()
    rounds = {}
    timing = {
        # slug: opens, closes, information meeting, viewing days (day offsets and hours)
        "oude-haven-2": ((-5, 9), (16, 12), (-12, 19), [(-2, 10, 14), (4, 13, 16)]),
        "spoorzicht-1": ((20, 9), (62, 12), (27, 19), [(31, 10, 13), (38, 13, 16)]),
        # Made with a future window so that it can be published; moved back below.
        "molenwijk-1": ((1, 9), (2, 12), (-56, 19), [(-52, 10, 14), (-45, 13, 16)]),
        "bloemhof-1": ((1, 9), (2, 12), (-70, 19), [(-66, 10, 14)]),
        "lindenburg-binnenstad-1": ((61, 9), (103, 12), (68, 19), [(75, 10, 14)]),
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
            opens_at=local(today + timedelta(days=opens[0]), opens[1]),
            closes_at=local(today + timedelta(days=closes[0]), closes[1]),
            information_meeting_at=local(today + timedelta(days=meeting[0]), meeting[1]),
            **spec,
        )
        sales_round.full_clean()
        sales_round.save()
        for place in places:
            RoundProperty.objects.create(sales_round=sales_round, property=by_place[place].prop)
        for day, start, end in viewings:
            ViewingDay.objects.create(
                sales_round=sales_round,
                starts_at=local(today + timedelta(days=day), start),
                ends_at=local(today + timedelta(days=day), end),
                notes="Verzamelen bij het eerste huis; neem stevige schoenen mee.",
            )
        if sales_round.selection_method == SalesRound.SelectionMethod.PLAN_ASSESSMENT:
            sales_round.jurors.set(User.objects.filter(groups__name=roles.JUROR))
            for order, (name, description, weight) in enumerate(CRITERIA):
                AssessmentCriterion.objects.create(
                    sales_round=sales_round,
                    name=name,
                    description=description,
                    weight=weight,
                    max_score=10,
                    order=order,
                )
        rounds[slug] = sales_round

    for slug in ("oude-haven-2", "spoorzicht-1", "molenwijk-1", "bloemhof-1"):
        sales_round = rounds[slug]
        actor = bureau_staff if sales_round.bureau_id else staff["havenstad"]
        rounds[slug] = sales_round_publish(sales_round=sales_round, actor=actor)

    # Demo time travel. The Molenwijk round closed a month ago: the service refuses to publish
    # a round whose window has closed, so it was published with a future window above and is
    # moved into the past here. The Oude Haven round was announced before it opened. Both get
    # their opening alerts marked as sent, so the alert sweep does not mail about old news.
    travel = {
        "oude-haven-2": (timing["oude-haven-2"][0], timing["oude-haven-2"][1]),
        "molenwijk-1": ((-63, 9), (-30, 12)),
        "bloemhof-1": ((-77, 9), (-44, 12)),
    }
    for slug, (opens, closes) in travel.items():
        opens_at = local(today + timedelta(days=opens[0]), opens[1])
        published_at = opens_at - timedelta(days=14)
        SalesRound.objects.filter(pk=rounds[slug].pk).update(
            opens_at=opens_at,
            closes_at=local(today + timedelta(days=closes[0]), closes[1]),
            published_at=published_at,
            opening_alerts_sent_at=opens_at,
        )
        PropertyStatusChange.objects.filter(
            property__in=rounds[slug].properties.all(), to_status=rules.IN_ROUND
        ).update(at=published_at)
        rounds[slug].refresh_from_db()
    return rounds


# --- Alerts ----------------------------------------------------------------------------------


def subscribe_to_alerts():
    """Three confirmed subscribers to the round alerts and one who never confirmed."""
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
