from celery import shared_task
from django.urls import reverse

from contracts import selectors, services
from contracts.models import Contract
from klushuis.mail import send_templated_email


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def render_contract(self, version_id: int) -> None:
    """Render a contract version. Idempotent: done versions are skipped; a failure is
    recorded on the version and retried (and the sweep catches what the retries miss)."""
    try:
        services.contract_render(version_id)
    except Exception as error:
        raise self.retry(exc=error) from error


@shared_task
def render_pending_contracts() -> int:
    return services.contracts_render_pending()


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def render_letter(self, letter_id: int) -> None:
    """Render an archived letter (as `render_contract`)."""
    try:
        services.letter_render(letter_id)
    except Exception as error:
        raise self.retry(exc=error) from error


@shared_task
def issue_rejection_letters(application_ids: list[int]) -> int:
    """Issue the rejection letters of a selection's batch (ids only; idempotent)."""
    return services.rejection_letters_issue(application_ids)


@shared_task
def render_pending_letters() -> int:
    return services.letters_render_pending()


@shared_task
def send_contract_email(contract_id: int, event: str) -> None:
    """Tell the buyer: the agreement is ready to download (sent), signed, or dissolved."""
    contract = (
        Contract.objects.select_related("application__user", "property", "municipality")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None:
        return
    application = contract.application
    send_templated_email(
        to=[application.user.email],
        template="contract_event",
        context={
            "event": event,
            "contract": contract,
            "application": application,
            "cooling_off": selectors.cooling_off_state(contract),
            "detail_path": reverse("applications:detail", args=[application.reference]),
        },
        language=application.user.language,
    )
