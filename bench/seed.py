"""Fill the benchmark database with published properties (run inside Django)."""

import io
import random
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from klushuis.organisations.models import Organisation
from properties.models import (
    Neighbourhood,
    Property,
    PropertyFigures,
    PropertyPhoto,
    RoundProperty,
    SalesRound,
)


def seed(count: int) -> int:
    if Property.objects.filter(status="published").count() >= count:
        return count
    org, _created = Organisation.objects.get_or_create(
        slug="bench", defaults={"name": "Gemeente Bench", "kind": "municipality"}
    )
    hoods = [
        Neighbourhood.objects.get_or_create(
            municipality=org, slug=f"wijk-{i}", defaults={"name": f"Wijk {i}"}
        )[0]
        for i in range(8)
    ]
    rng = random.Random(1)
    existing = Property.objects.count()
    props = Property.objects.bulk_create(
        [
            Property(
                municipality=org,
                reference=f"B-{i:05d}",
                status="published",
                street="Benchstraat",
                house_number=i + 1,
                postcode="1234 AB",
                city="Bench",
                neighbourhood=hoods[i % 8],
                cadastral_municipality="BNC01",
                cadastral_section="A",
                cadastral_parcel=i + 1,
                living_area_m2=rng.randint(45, 140),
                year_built=1920,
                title="Woning",
                description="Benchmark",
            )
            for i in range(existing, count)
        ]
    )
    figures = PropertyFigures.objects.bulk_create(
        [
            PropertyFigures(
                property=p,
                version=1,
                purchase_price=Decimal(rng.randrange(95000, 265000, 5000)),
                minimum_renovation_budget=Decimal(90000),
                budget_basis_author="Bench",
                budget_basis_date=timezone.localdate(),
                budget_own_work_share=10,
            )
            for p in props
        ]
    )
    for prop, version in zip(props, figures, strict=True):
        prop.current_figures = version
    Property.objects.bulk_update(props, ["current_figures"])
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (150, 80, 60)).save(buffer, "JPEG")
    first = PropertyPhoto(property=props[0], alt_text="Gevel")
    first.image.save("bench.jpg", ContentFile(buffer.getvalue()), save=False)
    PropertyPhoto.objects.bulk_create(
        [
            PropertyPhoto(
                property=p, alt_text="Gevel", image=first.image.name, thumbnail=first.image.name
            )
            for p in props
        ]
    )
    now = timezone.now()
    sales_round = SalesRound.objects.create(
        name="Bench",
        slug=f"bench-{existing}",
        municipality=org,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        published_at=now,
        anti_speculation_percentage=50,
    )
    RoundProperty.objects.bulk_create(
        [RoundProperty(sales_round=sales_round, property=p) for p in props[:200]]
    )
    return Property.objects.filter(status="published").count()
