import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from properties import rules
from properties.models import PUBLIC_STATUS_LABELS, Property
from properties.selectors import neighbourhood_list_public, round_list_published

# What the catalogue shows of a status, not the status itself: "sold" also finds the homes
# renovated or released since (rules.PUBLIC_STATUS).
PUBLIC_STATUS_CHOICES = list(PUBLIC_STATUS_LABELS.items())


class PropertyFilter(django_filters.FilterSet):
    neighbourhood = django_filters.ModelChoiceFilter(
        label=_("Neighbourhood"),
        queryset=neighbourhood_list_public(),
        field_name="neighbourhood",
        to_field_name="slug",
        empty_label=_("All neighbourhoods"),
    )
    price_max = django_filters.NumberFilter(
        label=_("Maximum price (€)"),
        field_name="current_figures__purchase_price",
        lookup_expr="lte",
        widget=forms.NumberInput(attrs={"min": 0, "step": 5000, "inputmode": "numeric"}),
    )
    area_min = django_filters.NumberFilter(
        label=_("Minimum living area (m²)"),
        field_name="living_area_m2",
        lookup_expr="gte",
        widget=forms.NumberInput(attrs={"min": 0, "step": 5, "inputmode": "numeric"}),
    )
    round = django_filters.ModelChoiceFilter(
        label=_("Sales round"),
        queryset=round_list_published().order_by("-opens_at"),
        field_name="sales_rounds",
        to_field_name="slug",
        empty_label=_("All rounds"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=PUBLIC_STATUS_CHOICES,
        empty_label=_("All"),
        method="filter_status",
    )
    order = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=None,
        choices=[
            ("current_figures__purchase_price", _("Price, low to high")),
            ("-current_figures__purchase_price", _("Price, high to low")),
            ("-living_area_m2", _("Living area, large to small")),
            ("-created_at", _("Newest first")),
            ("street", _("Street")),
        ],
        fields=["current_figures__purchase_price", "living_area_m2", "created_at", "street"],
    )

    class Meta:
        model = Property
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(status__in=rules.statuses_shown_as(value))

    @property
    def qs(self):
        # A stable order under pagination: ties are broken by reference. No DISTINCT needed:
        # the only many-to-many filter (round) matches a property at most once.
        queryset = super().qs
        ordering = list(queryset.query.order_by) or ["-created_at"]
        return queryset.order_by(*ordering, "reference")
