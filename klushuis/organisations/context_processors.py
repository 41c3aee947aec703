from django.conf import settings

from klushuis.organisations.models import Organisation


def site_organisation():
    """The organisation whose name and colours the portal carries."""
    qs = Organisation.objects.all()
    if settings.SITE_ORGANISATION:
        found = qs.filter(slug=settings.SITE_ORGANISATION).first()
        if found is not None:
            return found
    return qs.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("pk").first()


def branding(request):
    # A page about one municipality's sale (a property, a round) sets request.branding to that
    # municipality; every other page carries the site's own organisation.
    return {"branding": getattr(request, "branding", None) or site_organisation()}
