"""Admin building blocks shared by the apps."""

from django.contrib import admin


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
