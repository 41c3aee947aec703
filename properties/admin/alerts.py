"""Admin of round alert subscriptions (platform administrators only)."""

from django.contrib import admin
from django.db.models import Q

from properties.models import (
    AlertSubscription,
)


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "confirmed_at", "created_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Subscribers belong to the platform, not to one municipality: administrators only.
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(Q(pk__in=[]))
