import json

from applications.models import LotteryCommitment, LotteryDraw
from klushuis.accounts.selectors import users_with_permission
from properties.models import SalesRound

DRAW_PERMISSION = "applications.draw_lottery"


def notary_candidates():
    """The only people a round's notaries can be chosen from: active accounts that hold the
    notary's permission through a role or directly (never a buyer or a bare superuser)."""
    return users_with_permission(DRAW_PERMISSION)


def notary_rounds(user):
    """The published rounds this user may open and draw: those that name them as a notary.
    Holding the notary's permission alone reaches no round."""
    if not user.has_perm(DRAW_PERMISSION):
        return SalesRound.objects.none()
    return SalesRound.objects.filter(notaries=user, published_at__isnull=False).select_related(
        "municipality"
    )


def notary_rounds_to_draw(user):
    """The notary's rounds whose entries are frozen and that wait for the draw."""
    return (
        notary_rounds(user)
        .filter(
            lottery_commitments__superseded_at__isnull=True,
            lottery_commitments__snapshot__isnull=False,
            lottery_commitments__draw__isnull=True,
        )
        .distinct()
        .order_by("closes_at")
    )


def round_lottery(sales_round) -> dict:
    """Everything the round page publishes about the lottery, steps in order, annulled draws
    included (they stay published, marked annulled)."""
    commitments = list(
        LotteryCommitment.objects.filter(sales_round=sales_round)
        .select_related("snapshot")
        .order_by("sequence")
    )
    draws = list(LotteryDraw.objects.filter(sales_round=sales_round).order_by("drawn_at"))
    valid = next((d for d in draws if d.annulled_at is None), None)
    active = next(
        (c for c in commitments if c.superseded_at is None and c.activated_at is not None), None
    )
    rows = []
    if valid is not None:
        record = json.loads(valid.record)
        won = {ref: prop for prop, ref in record["allocation"].items()}
        addresses = {p.reference: p.address for p in sales_round.properties.all()}
        reserve_of = {}
        for prop, refs in record["reserves"].items():
            for rank, ref in enumerate(refs, start=1):
                reserve_of.setdefault(ref, []).append((addresses.get(prop, prop), rank))
        for entry in record["order"]:
            prop = won.get(entry["ref"])
            rows.append(
                {
                    **entry,
                    "home": addresses.get(prop, prop) if prop else "",
                    "reserves": reserve_of.get(entry["ref"], []),
                }
            )
    return {
        "commitment": active,
        "snapshot": getattr(active, "snapshot", None) if active else None,
        "history": commitments,
        # Published from the start so that a re-draw's commitment predates the window's close.
        "reserves": [c for c in commitments if c.activated_at is None and c.superseded_at is None],
        "draw": valid,
        "annulled": [d for d in draws if d.annulled_at is not None],
        "rows": rows,
        # In a round assessed by plan the lottery only breaks ties: its allocation is not the
        # outcome, so the page does not show it as one.
        "by_lottery": sales_round.selection_method == "lottery",
    }
