from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from klushuis.urls import urlpatterns as portal_urlpatterns


@login_not_required
def bare(request):
    """The cheapest Django response: the whole middleware stack, no database, no template."""
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), *portal_urlpatterns]
