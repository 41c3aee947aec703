"""What the admin modules of properties share."""

from django.db.models import Q

from klushuis.organisations.models import Organisation
from klushuis.organisations.selectors import (
    organisation_list_for_user,
    scope_to_user,
)
from properties.models import (
    Neighbourhood,
)


def limit_to_scope(db_field, request, kwargs):
    """Foreign keys to organisations offer only the ones the user works for."""
    if db_field.related_model is Organisation:
        qs = organisation_list_for_user(request.user)
        if db_field.name == "bureau":
            # Also the bureaus the user's own organisation gave a mandate: municipal staff
            # must see (and keep) the bureau that runs their round, or saving it unchanged
            # would clear it.
            if request.user.organisation_id is not None:
                given = Q(mandates_held__principal_id=request.user.organisation_id)
                qs = Organisation.objects.filter(Q(pk__in=qs) | given).distinct()
            qs = qs.filter(kind=Organisation.Kind.ADVISORY_BUREAU)
        else:
            qs = qs.exclude(kind=Organisation.Kind.ADVISORY_BUREAU)
        kwargs["queryset"] = qs
    elif db_field.related_model is Neighbourhood:
        kwargs["queryset"] = scope_to_user(
            Neighbourhood.objects.select_related("municipality"), request.user, "municipality"
        )
    return kwargs
