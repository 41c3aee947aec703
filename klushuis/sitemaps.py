"""What search engines read: /robots.txt and the sitemap of the public pages it announces."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from properties import rules
from properties.models import Property
from properties.selectors import round_list_published


class PageSitemap(Sitemap):
    """The public pages that are not a home or a round."""

    def items(self):
        return [
            "home",
            "properties:property_list",
            "properties:round_list",
            "about",
            "applications:lottery_verify",
            "privacy",
            "accessibility",
        ]

    def location(self, item):
        return reverse(item)


class PropertySitemap(Sitemap):
    """Every home the public catalogue shows."""

    def items(self):
        return Property.objects.filter(status__in=rules.PUBLIC_PROPERTY_STATUSES).order_by(
            "reference"
        )

    def location(self, item):
        return reverse("properties:property_detail", args=[item.reference])


class RoundSitemap(Sitemap):
    """Every published sales round."""

    def items(self):
        return round_list_published().order_by("-opens_at", "pk")

    def location(self, item):
        return reverse("properties:round_detail", args=[item.slug])


SITEMAPS = {"pages": PageSitemap, "homes": PropertySitemap, "rounds": RoundSitemap}


# Pages behind a login, and files with personal data, are no business of a search engine;
# they refuse anonymous visitors anyway, so this only saves crawlers the redirects.
PRIVATE_PREFIXES = [
    "/beheer/",
    "/account/",
    "/mijn-inschrijvingen/",
    "/inschrijvingen/",
    "/jury/",
    "/klushuur/mijn/",
]


@login_not_required
@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
