"""The letters of aftercare (issue #16): the decision on an exemption request and the notice
of default, issued into contracts' letter archive (`contracts.services.letter_issue_with`)
from the municipality's templates, so a letter is recorded once with its data and clause
versions, rendered after commit and stored with its SHA-256.

What the letter says comes from the decision or notice and from the version the buyer signed
(its parties, its penalty); the values are data, escaped when rendered."""

from django.utils import translation

from aftercare import sanctions, selectors
from aftercare.models import DefaultNotice, Exemption
from contracts import penalties
from contracts.models import Kind, Letter
from contracts.services import dutch_day, letter_issue_with
from klushuis.templatetags.portal import euro

ARTICLE = {sanctions.GENERAL: "Boetebeding", sanctions.DEFAULT_DAILY: "Verzuim"}


def _money(amount) -> str:
    with translation.override("nl"):
        return euro(amount)


def _label(choice) -> str:
    """A choice's label in Dutch: the letter is in Dutch whatever the reader's language."""
    with translation.override("nl"):
        return str(choice.label)


def _signed(case) -> dict:
    version = case.contract.sent_version
    return (version.data if version is not None else None) or {}


def _parties(case) -> tuple[dict, str, str]:
    """The signed version's values, the buyers' names and their address."""
    data = _signed(case)
    values = dict(data.get("values") or {})
    buyers = data.get("buyers") or []
    name = values.get("koper") or case.buyer.get_full_name() or case.buyer.email
    address = buyers[0].get("address", "") if buyers else ""
    return values, name, address


def _obligation_label(obligation) -> str:
    with translation.override("nl"):
        return str(obligation)


def exemption_decision_letter(exemption: Exemption) -> Letter:
    """The decision letter of a decided exemption request (refused, or granted after the
    second approval); issued once."""
    case = exemption.case
    signed, name, address = _parties(case)
    values = {
        "koper": name,
        "verkoper": signed.get("verkoper") or case.municipality.name,
        "woning_adres": signed.get("woning_adres") or str(case.property),
        "verzoek_datum": dutch_day(exemption.requested_at.date()),
        "verzoek_grond": _label(Exemption.Ground(exemption.ground)),
        "besluit": _label(Exemption.Outcome(exemption.outcome or "refusal")).lower(),
        "besluit_redenen": exemption.reasons,
        # Not applicable (the paragraph is left out) rather than printed empty.
        "verplichting": _obligation_label(exemption.obligation) if exemption.obligation else None,
        "nieuwe_termijn": (
            dutch_day(exemption.new_due_on)
            if exemption.status == "granted" and exemption.new_due_on
            else None
        ),
    }
    return letter_issue_with(
        kind=Kind.EXEMPTION_DECISION,
        related=exemption,
        municipality=case.municipality,
        values=values,
        recipient=name,
        address=address,
        reference=f"{case.contract.reference}-O{exemption.pk}",
    )


def consequence(case) -> dict:
    """The penalty a breach costs under the signed version, as the notice states it."""
    data = _signed(case)
    found = sanctions.breach_penalty(data.get("penalties"))
    if found is None:
        return {"article": "", "phrase": ""}
    article, penalty = found
    phrase = penalties.penalty_phrase(penalty, price=selectors.purchase_price(case), money=_money)
    return {"article": ARTICLE[article], "phrase": phrase}


def default_notice_letter(notice: DefaultNotice) -> Letter:
    """The notice of default as sent; issued once."""
    case = notice.case
    signed, name, address = _parties(case)
    values = {
        "koper": name,
        "verkoper": signed.get("verkoper") or case.municipality.name,
        "woning_adres": signed.get("woning_adres") or str(case.property),
        "verplichting": _obligation_label(notice.obligation).lower(),
        "verplichting_datum": dutch_day(notice.due_on),
        "feiten": notice.facts,
        "nakoming_dagen": str(notice.notice_days),
        "nakoming_uiterlijk": dutch_day(notice.comply_by),
        "boete_artikel": notice.consequence.get("article") or None,
        "boete_regeling": notice.consequence.get("phrase") or None,
        "verzendwijze": _label(DefaultNotice.Method(notice.method)).lower(),
        "verzonden_op": dutch_day(notice.sent_on),
    }
    return letter_issue_with(
        kind=Kind.DEFAULT_NOTICE,
        related=notice,
        municipality=case.municipality,
        values=values,
        recipient=name,
        address=address,
        reference=f"{case.contract.reference}-I{notice.pk}",
        day=notice.sent_on,
    )
