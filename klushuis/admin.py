"""Admin building blocks shared by the apps."""

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.template.defaultfilters import filesizeformat


class ReadOnlyInline(admin.TabularInline):
    """History and what buyers declared: shown in the admin, never edited or added to there.

    Appended records (status changes, figure versions) are written by services only.
    """

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class _NamedFile:
    """A stored file as the link shows it: its name for people, its address for the link."""

    def __init__(self, url, name):
        self.url, self.name = url, name

    def __str__(self):
        return str(self.name)  # a lazy translation ("Photo") as text


class NamedFileInput(AdminFileWidget):
    """An upload box that names the stored file ("Bouwkundig rapport.pdf") instead of showing
    its storage path (generated, meaningless to staff). Set `display_name` per form."""

    display_name = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if widget["is_initial"] and self.display_name:
            widget["value"] = _NamedFile(value.url, self.display_name)
        return context


def file_size(size: int | None) -> str:
    """18,6 kB; 2,3 MB: a size people read, in the active language."""
    if not size:
        return "-"
    return filesizeformat(size)


class PortalAdminSite(admin.AdminSite):
    """The management site: staff status *and* a second factor passed in this session.

    SecondFactorMiddleware already sends unverified staff to the second-factor step before
    any view runs; the site checks again so that the admin stays closed if the middleware
    were ever left out.
    """

    def has_permission(self, request):
        # OTPMiddleware gives the user is_verified(); without it, nobody is verified.
        is_verified = getattr(request.user, "is_verified", None)
        return super().has_permission(request) and is_verified is not None and is_verified()
