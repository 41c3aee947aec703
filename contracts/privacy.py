"""The contracts' personal data for klushuis.privacy (issue 17). Registered in `apps.py`.

- A purchase agreement is a municipal record (Archiefwet 1995): an application with a contract
  is under a legal hold, never removed as "unsuccessful" nor on a buyer's request.
- The letters about an application (offer and rejection letters) go with it.
- Contract files are destroyed only through an approved destruction list, and not before the
  limitation periods after the release (`RetentionPolicy.contract_years_after_release`). The
  release is aftercare's to record: it answers `RELEASED_ON` (contracts/extensions.py); until
  a layer answers, no contract is ever proposed for destruction.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications import privacy as application_privacy
from applications.models import Application, Offer
from contracts.extensions import RELEASED_ON
from contracts.models import Contract, ContractStatusChange, ContractVersion, Letter
from klushuis.privacy import registry, rules
from klushuis.privacy.services import files_forget

CONTRACT_FILES = "contract_files"


def _held(category_key, keys):
    if category_key not in (application_privacy.UNSUCCESSFUL, application_privacy.DRAFTS):
        return set()
    return set(
        Contract.objects.filter(application_id__in=keys).values_list("application_id", flat=True)
    )


def _erase_letters(application_pks) -> dict:
    """The letters about these applications and their offers (offer, rejection letters)."""
    offers = dict(
        Offer.objects.filter(application_id__in=application_pks).values_list("pk", "application")
    )
    application_type = ContentType.objects.get_for_model(Application)
    offer_type = ContentType.objects.get_for_model(Offer)
    letters = list(
        Letter.objects.filter(
            Q(application_id__in=application_pks)
            | Q(related_type=application_type, related_id__in=application_pks)
            | Q(related_type=offer_type, related_id__in=list(offers))
        )
    )
    counts = {pk: {"letters": 0} for pk in application_pks}
    for letter in letters:
        if letter.application_id:
            owner = letter.application_id
        elif letter.related_type_id == offer_type.pk:
            owner = offers[letter.related_id]
        else:
            owner = letter.related_id
        counts.setdefault(owner, {"letters": 0})["letters"] += 1
    files_forget(*(letter.pdf for letter in letters))
    Letter.clause_versions.through.objects.filter(letter__in=letters).delete()
    Letter.objects.filter(pk__in=[letter.pk for letter in letters]).delete()
    return counts


def _destruction_list(retention: rules.Retention, today, organisation_id) -> list[dict]:
    items = []
    for contract in Contract.objects.filter(municipality_id=organisation_id).order_by("pk"):
        released_on = RELEASED_ON.answer(contract=contract)
        if rules.contract_may_be_listed(released_on=released_on, retention=retention, today=today):
            items.append(
                {
                    "key": contract.pk,
                    "reference": contract.reference,
                    "released_on": released_on.isoformat(),
                    "destroy_from": rules.contract_destroyable_from(
                        released_on, retention
                    ).isoformat(),
                }
            )
    return items


def _destroy(entry) -> dict | None:
    """Destroy one contract file named on an approved list: its versions, signed copy, letters,
    history and the application it came from. None when already destroyed."""
    contract = Contract.objects.select_for_update().filter(pk=entry["key"]).first()
    if contract is None:
        return None
    versions = list(ContractVersion.objects.filter(contract=contract))
    counts = {"versions": len(versions)}
    # What layers above keep about the contract (aftercare) goes first, with its files.
    counts.update(registry.COMPANIONS.run(CONTRACT_FILES, [contract.pk]).get(contract.pk, {}))
    counts.update(_erase_letters([contract.application_id]).get(contract.application_id, {}))
    contract_letters = list(
        Letter.objects.filter(
            related_type=ContentType.objects.get_for_model(Contract), related_id=contract.pk
        )
    )
    files_forget(*(letter.pdf for letter in contract_letters))
    for letter in contract_letters:
        letter.clause_versions.clear()
        letter.delete()
    counts["letters"] += len(contract_letters)
    files_forget(
        contract.signed_copy,
        contract.signed_copy_original,
        *(v.pdf for v in versions),
    )
    # The sent version points back at a version: cleared first, then the rows in order.
    Contract.objects.filter(pk=contract.pk).update(sent_version=None)
    for version in versions:
        version.clause_versions.clear()
    ContractVersion.objects.filter(contract=contract).delete()
    ContractStatusChange.objects.filter(contract=contract).delete()
    application_pk = contract.application_id
    contract.delete()
    application_privacy.application_erase(
        application_pk,
        statuses=set(Application.Status.values),
        category_key=CONTRACT_FILES,
    )
    return counts


def _export(user):
    sections = []
    for contract in Contract.objects.filter(application__user=user).select_related("sent_version"):
        version = contract.sent_version
        files = []
        if version is not None and version.pdf:
            files.append((f"{contract.reference}/koopovereenkomst.pdf", version.pdf))
        if contract.signed_copy:
            files.append((f"{contract.reference}/getekend.pdf", contract.signed_copy))
        sections.append(
            registry.ExportSection(
                title=f"{_('Purchase agreement')} {contract.reference}",
                rows=[(_("Status"), contract.get_status_display())],
                data={
                    "reference": contract.reference,
                    "status": contract.status,
                    "transfer_date": contract.transfer_date.isoformat(),
                },
                files=files,
            )
        )
    return sections


def _kept_for_user(user):
    return [
        _(
            "Purchase agreement %(reference)s and the application it came from: a municipal "
            "record under the Archiefwet 1995, kept until the limitation periods after your "
            "release have run (%(years)d years, art. 3:306 BW) and then destroyed only on an "
            "approved destruction list."
        )
        % {"reference": c.reference, "years": rules.DEFAULTS.contract_years_after_release}
        for c in Contract.objects.filter(application__user=user)
    ]


def register():
    registry.LEGAL_HOLDS.register(_held)
    registry.COMPANIONS.register(application_privacy.UNSUCCESSFUL, _erase_letters)
    registry.COMPANIONS.register(application_privacy.DRAFTS, _erase_letters)
    registry.register(
        registry.Category(
            key=CONTRACT_FILES,
            label=_("Purchase agreements and their letters"),
            purpose=_(
                "Selling the home, with the obligations the buyer takes on (renovation, "
                "self-occupancy), and proving afterwards what was agreed."
            ),
            legal_basis=_(
                "Performance of a contract (AVG art. 6(1)(b)) and a legal obligation to keep "
                "municipal records (art. 6(1)(c); Archiefwet 1995)."
            ),
            recipients=_(
                "The municipality, the advisory bureau by its mandate, and the notary who "
                "passes the deed."
            ),
            retention_text=lambda r: (
                _(
                    "A municipal record: destroyed only on a destruction list that an authorised "
                    "person approves, under the Selectielijst gemeenten, and never sooner than "
                    "%(years)d years after the buyer's release."
                )
                % {"years": r.contract_years_after_release}
            ),
            retention_fields=("contract_years_after_release",),
            destruction_list=_destruction_list,
            destroy=_destroy,
            export=_export,
            kept_for_user=_kept_for_user,
            order=20,
        )
    )
