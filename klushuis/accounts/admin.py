from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from klushuis.accounts.models import User
from klushuis.organisations.selectors import scope_to_user


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
        "is_staff", "is_superuser", "is_active", "groups",
        ("organisation", admin.RelatedOnlyFieldListFilter),
    ]  # fmt: skip
    list_select_related = ["organisation"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
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
