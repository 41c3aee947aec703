from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from klushuis import errors, pages, sitemaps, views
from klushuis.privacy import views as privacy_views

admin.site.site_header = _("Klushuis portal: management")
admin.site.site_title = _("Klushuis portal")
admin.site.index_title = _("Management")

urlpatterns = [
    path("", views.home, name="home"),
    path("taal/", views.set_language, name="set_language"),
    path("huisstijl/<slug:slug>.css", views.theme_css, name="theme_css"),
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml", login_not_required(sitemap), {"sitemaps": sitemaps.SITEMAPS}, name="sitemap"
    ),
    path("hoe-werkt-het/", pages.information_page, {"page": "about"}, name="about"),
    path("privacy/", privacy_views.statement, name="privacy"),
    path("privacy/<slug:slug>/", privacy_views.statement, name="privacy_municipality"),
    path(
        "toegankelijkheid/", pages.information_page, {"page": "accessibility"}, name="accessibility"
    ),
    path("account/", include("klushuis.accounts.urls")),
    path("account/", include("klushuis.privacy.urls")),
    path("", include("properties.urls")),
    path("", include("applications.urls")),
    path("", include("contracts.urls")),
    path("", include("klushuur.urls")),
    path("", include("aftercare.urls")),
    path("", include("reports.urls")),
    path("", include("klushuis.uploads.urls")),
    path("beheer/", admin.site.urls),
]

# The portal's own error pages (klushuis/errors.py); CSRF_FAILURE_VIEW is in settings.
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
