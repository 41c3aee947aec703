"""Reads for applications, with who-may-see-what built in, and the automatic checks."""

from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import rules
from applications.models import Applicant, Application, Preference
from klushuis.organisations.selectors import organisation_ids_for_user, scope_to_user
from klushuis.templatetags.portal import euro as euro_plain

# A financing statement older than this is not "recent".
STATEMENT_MAX_AGE = timedelta(days=183)


def _with_details(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related("sales_round", "sales_round__municipality").prefetch_related(
        "applicants",
        Prefetch(
            "preferences",
            queryset=Preference.objects.select_related(
                "property", "property__current_figures", "figures_seen", "plan"
            ).order_by("rank"),
        ),
    )


def application_list_for_user(user) -> QuerySet[Application]:
    return _with_details(Application.objects.filter(user=user)).order_by("-created_at")


def application_get_for_user(*, reference: str, user) -> Application:
    """The buyer's own application; 404 for anyone else's (their existence is not revealed)."""
    application = _with_details(Application.objects.filter(reference=reference, user=user))
    application = application.first()
    if application is None:
        raise Http404
    return application


def application_list_for_staff(user) -> QuerySet[Application]:
    return scope_to_user(Application.objects.all(), user, "sales_round__municipality")


def application_get_for_file(*, reference: str, user) -> Application:
    """For a download: the owner, or staff who may view applications of that municipality."""
    application = (
        Application.objects.select_related("sales_round").filter(reference=reference).first()
    )
    if application is None:
        raise Http404
    if application.user_id == user.pk:
        return application
    ids = organisation_ids_for_user(user)
    in_scope = ids is None or application.sales_round.municipality_id in ids
    if in_scope and user.has_perm("applications.view_application"):
        return application
    raise Http404


def application_problems(application: Application) -> list[str]:
    """What still stops the application from being submitted, in words for the buyer."""
    return [message for _step, message in _problems_by_step(application)]


def application_next_step(application: Application) -> int | None:
    """The first step that is not complete, where "continue" takes the buyer; None when
    every step is complete (the overview, with the submit button, is next)."""
    steps = [step for step, _message in _problems_by_step(application)]
    return min(steps) if steps else None


def _problems_by_step(application: Application) -> list[tuple[int, str]]:
    problems = []
    applicants = {a.role: a for a in application.applicants.all()}
    main = applicants.get(Applicant.Role.MAIN)
    if main is None or main.date_of_birth is None:
        problems.append((1, _("Fill in your personal details (step 1).")))
    if not application.current_housing:
        problems.append((2, _("Tell us about your household and where you live now (step 2).")))
    # Uses the prefetched preferences where a selector loaded them (ordered by rank there).
    preferences = list(application.preferences.all())
    if not preferences:
        problems.append((3, _("Choose at least one home (step 3).")))
    if application.max_mortgage is None or application.own_funds is None:
        problems.append((4, _("Fill in your financing (step 4).")))
    if not application.financing_statement:
        problems.append((4, _("Upload your financing statement as PDF (step 4).")))
    elif application.financing_date and (
        application.financing_date < timezone.localdate() - STATEMENT_MAX_AGE
    ):
        problems.append((4, _("Your financing statement is older than six months (step 4).")))
    for pref in preferences:
        if not hasattr(pref, "plan"):
            problems.append(
                (
                    5,
                    _("Add your renovation plan for %(address)s (step 5).")
                    % {"address": pref.property.address},
                )
            )
    if not (
        application.declares_self_occupancy
        and application.declares_no_letting
        and application.declares_no_other_klushuis
    ):
        problems.append((6, _("Agree to the declarations (step 6).")))
    return problems


def _duplicates(application: Application) -> list[str]:
    """References of other active applications in the round that share an applicant:
    the same e-mail address, or the same name and date of birth."""
    people = list(application.applicants.all())
    if not people:
        return []
    match = Q()
    for person in people:
        match |= Q(applicants__email__iexact=person.email)
        if person.date_of_birth:
            match |= Q(
                applicants__surname__iexact=person.surname,
                applicants__given_names__iexact=person.given_names,
                applicants__date_of_birth=person.date_of_birth,
            )
    others = (
        Application.objects.filter(sales_round_id=application.sales_round_id)
        .exclude(pk=application.pk)
        .filter(status__in=rules.ACTIVE)
        .filter(match)
        .values_list("reference", flat=True)
        .distinct()
    )
    return sorted(others)


def _preferences_by_rank(application: Application) -> list[Preference]:
    """The homes in rank order with their figures: the prefetched ones where a caller loaded
    them (`application_submit`, the detail selectors: ordered by rank there), else a query."""
    if "preferences" in getattr(application, "_prefetched_objects_cache", {}):
        return list(application.preferences.all())
    return list(
        application.preferences.select_related("property__current_figures").order_by("rank")
    )


def eligibility_findings(application: Application) -> list[rules.Finding]:
    sales_round = application.sales_round
    people = [
        rules.Person(a.full_name, a.date_of_birth, a.email)
        for a in application.applicants.all()
        if a.date_of_birth
    ]
    homes = [
        rules.Home(
            ref=p.property.reference,
            address=p.property.address,
            price=p.property.current_figures.purchase_price,
            minimum_budget=p.property.current_figures.minimum_renovation_budget,
        )
        for p in _preferences_by_rank(application)
    ]
    return rules.check(
        rules=rules.Rules(
            minimum_age=sales_round.minimum_age,
            financing_must_cover_budget=sales_round.financing_must_cover_budget,
            one_application_per_household=sales_round.one_application_per_household,
            first_time_buyers_only=sales_round.first_time_buyers_only,
        ),
        people=people,
        homes=homes,
        max_mortgage=application.max_mortgage or 0,
        own_funds=application.own_funds or 0,
        reference_day=timezone.localtime(sales_round.closes_at).date(),
        has_financing_statement=bool(application.financing_statement),
        owns_home=application.owns_home,
        declarations=(
            application.declares_self_occupancy
            and application.declares_no_letting
            and application.declares_no_other_klushuis
        ),
        duplicates=_duplicates(application),
    )


def finding_message(finding) -> str:
    """A finding in words, for buyers and staff (the current language)."""
    code = finding["code"] if isinstance(finding, dict) else finding.code
    params = dict(finding["params"] if isinstance(finding, dict) else finding.params)
    for key in ("requirement", "available"):
        if key in params:
            params[key] = euro_plain(params[key])
    ok = finding["ok"] if isinstance(finding, dict) else finding.ok
    messages = {
        ("age", True): _("%(name)s is %(age)s on the closing day (at least %(minimum)s)."),
        ("age", False): _("%(name)s is %(age)s on the closing day; the minimum is %(minimum)s."),
        ("one_per_household", True): _("No other application in this round shares an applicant."),
        ("one_per_household", False): _(
            "Another application in this round shares an applicant: %(references)s."
        ),
        ("financing_covers_home", True): _(
            "The financing (%(available)s) covers %(address)s (%(requirement)s)."
        ),
        ("financing_covers_home", False): _(
            "The financing (%(available)s) does not cover %(address)s (%(requirement)s): "
            "this home drops out of the preferences."
        ),
        ("some_home_covered", True): _("The financing covers at least one chosen home."),
        ("some_home_covered", False): _("The financing covers none of the chosen homes."),
        ("financing_statement", True): _("The financing statement is attached."),
        ("financing_statement", False): _("The financing statement is missing."),
        ("first_time_buyer", True): _("Nobody in the household owns a home."),
        ("first_time_buyer", False): _("Someone in the household owns a home."),
        ("declarations", True): _("The declarations are agreed to."),
        ("declarations", False): _("The declarations are not agreed to."),
    }
    return messages[(code, ok)] % params


def age_today(born: date) -> int:
    return rules.age_on(born, timezone.localdate())


def applications_for_round_export(sales_round_id: int) -> QuerySet[Application]:
    return (
        Application.objects.filter(sales_round_id=sales_round_id)
        .select_related("user")
        .prefetch_related(
            "applicants",
            Prefetch(
                "preferences",
                queryset=Preference.objects.select_related("property").order_by("rank"),
            ),
        )
        .order_by(Lower("reference"))
    )


def eligibility_decision(history) -> object | None:
    """The latest decision on eligibility in an application's history (oldest first), or
    None while staff have not decided."""
    decided = {rules.ELIGIBLE, rules.INELIGIBLE}
    return next((change for change in reversed(history) if change.to_status in decided), None)
