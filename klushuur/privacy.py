"""Klushuur's personal data for klushuis.privacy (issue 17). Registered in `apps.py`.

The housing corporation is the controller of what its tenants and home-seekers give: registered
interest (skills, time), applications with their choices, the lease's addendum, reported work
with photos, change requests. Registered interest carries no legal duty and goes at once on a
deletion request; applications, agreements and changes belong to the lease's administration
and are kept while the lease runs (the account is then closed, not removed).
"""

from django.utils.translation import gettext_lazy as _

from klushuis.privacy import registry
from klushuur.models import Agreement, Application, Change, Interest, JobPhoto

KLUSHUUR = "klushuur"


def _export(user):
    sections = []
    interests = list(Interest.objects.filter(user=user).select_related("corporation"))
    applications = list(Application.objects.filter(user=user).select_related("offer", "home"))
    agreements = list(Agreement.objects.filter(tenant=user).select_related("home"))
    if not (interests or applications or agreements):
        return sections
    files = [
        (f"klushuur/{photo.image.name.rsplit('/', 1)[-1]}", photo.image)
        for photo in JobPhoto.objects.filter(job__agreement__tenant=user)
        if photo.image
    ]
    sections.append(
        registry.ExportSection(
            title=str(_("Klushuur")),
            rows=[
                (_("Registered interest"), str(len(interests))),
                (_("Klushuur applications"), str(len(applications))),
                (_("Klushuur agreements"), str(len(agreements))),
            ],
            data={
                "interest": [
                    {
                        "corporation": str(i.corporation),
                        "jobs": i.job_kinds,
                        "skills": i.skills,
                        "available_time": i.available_time,
                        "registered_at": i.created_at.isoformat(),
                    }
                    for i in interests
                ],
                "applications": [
                    {
                        "offer": str(a.offer),
                        "home": str(a.home) if a.home_id else None,
                        "status": a.status,
                    }
                    for a in applications
                ],
                "agreements": [
                    {
                        "home": str(a.home),
                        "base_rent": str(a.base_rent),
                        "starts_on": a.starts_on.isoformat(),
                        "changes": [
                            {"title": str(c), "status": c.status}
                            for c in Change.objects.filter(home=a.home, tenant=user)
                        ],
                    }
                    for a in agreements
                ],
            },
            files=files,
        )
    )
    return sections


def _erase_for_user(user):
    removed, _detail = Interest.objects.filter(user=user).delete()
    return {"interest": removed}


def _kept_for_user(user):
    return [
        _(
            "The klushuur agreement for %(home)s with its reported work and changes: part of the "
            "housing corporation's lease administration, kept while the lease runs."
        )
        % {"home": agreement.home}
        for agreement in Agreement.objects.filter(tenant=user).select_related("home")
    ]


def register():
    registry.register(
        registry.Category(
            key=KLUSHUUR,
            label=_("Klushuur (renovating a rented home)"),
            purpose=_(
                "Finding tenants who want to do jobs in or on a rented home, recording the "
                "housing corporation's allocation decision, the addendum to the lease, the work "
                "done and its inspection, the rent reductions, and changes tenants ask consent for."
            ),
            legal_basis=_(
                "Performance of the lease and its addendum (AVG art. 6(1)(b)); for registered "
                "interest, the step you asked for before a contract (the same article). The "
                "housing corporation is the controller."
            ),
            recipients=_(
                "The housing corporation that made the offer; its rent administration receives "
                "the rent schedule."
            ),
            retention_text=lambda r: _(
                "Registered interest until you withdraw it or ask for deletion; agreements, "
                "work and changes while the lease runs, as part of the lease's administration."
            ),
            export=_export,
            erase_for_user=_erase_for_user,
            kept_for_user=_kept_for_user,
            order=40,
        )
    )
