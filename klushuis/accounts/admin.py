from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from klushuis.accounts import second_factor
from klushuis.accounts.models import User
from klushuis.organisations.selectors import scope_to_user

# django-otp's own device admins show a device's secret (its QR code) and let anyone with the
# model permissions edit devices. A second factor is reset only through the audited action on
# the user (platform administrators), so those admins are not offered.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)

# django-axes ships no Dutch; these are the names platform administrators meet when they lift
# a lockout (Beheer → Axes → toegangspogingen). Listed so that makemessages finds them.
AXES_ADMIN_WORDS = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("Username"),
    gettext_noop("IP Address"),
    gettext_noop("Attempt Time"),
    gettext_noop("Failed Logins"),
]


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "organisation", "is_staff", "is_active", "last_login"]
    list_filter = [
        "is_staff",
        "is_superuser",
        "is_active",
        "groups",
        ("organisation", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["organisation"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "second_factor"]
    actions = ["reset_second_factor"]
    fieldsets = [
        (None, {"fields": ["email", "password", "second_factor"]}),
        (_("Person"), {"fields": ["full_name", "language", "email_verified_at"]}),
        (_("Organisation and roles"), {"fields": ["organisation", "is_staff", "groups"]}),
        (
            _("Special rights"),
            {"fields": ["is_active", "is_superuser", "user_permissions"], "classes": ["collapse"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "usable_password", "password1", "password2"],
            },
        ),
    ]
    filter_horizontal = ["groups", "user_permissions"]

    def get_queryset(self, request):
        # Staff see their colleagues (and those of the organisations they work for), never
        # buyers' accounts: a buyer's data is reached through their application.
        return scope_to_user(super().get_queryset(request), request.user, "organisation")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only platform administrators hand out roles; nobody raises their own rights.
            fields += ["organisation", "is_staff", "groups", "is_superuser", "user_permissions"]
        return fields

    @admin.display(description=_("second factor"))
    def second_factor(self, obj):
        device = second_factor.app_device(obj) if obj.pk else None
        if device is None:
            return _("Not set up: an app is set up at the next login.")
        if device.created_at:
            return _("Authenticator app, set up on %(date)s; %(count)s recovery codes left.") % {
                "date": date_format(device.created_at, "DATE_FORMAT"),
                "count": second_factor.recovery_codes_left(obj),
            }
        return _("Authenticator app; %(count)s recovery codes left.") % {
            "count": second_factor.recovery_codes_left(obj)
        }

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("reset_second_factor", None)
        return actions

    @admin.action(description=_("Reset the second factor (a new app at the next login)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            second_factor.second_factor_reset(user=user, actor=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)d user was reset; they set up an app at their "
                "next login.",
                "The second factors of %(count)d users were reset; they set up an app at their "
                "next login.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
