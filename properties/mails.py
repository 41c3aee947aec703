from django.conf import settings
from django.urls import reverse

from klushuis.mail import send_templated_email
from properties.tokens import make_confirm_token, make_unsubscribe_token


def send_alert_confirmation(subscription) -> None:
    send_templated_email(
        to=[subscription.email],
        template="alert_confirm",
        context={
            "confirm_path": reverse(
                "properties:alert_confirm", args=[make_confirm_token(subscription)]
            ),
        },
        language=subscription.language,
    )


def send_round_alert(subscription, sales_round) -> None:
    unsubscribe_url = settings.SITE_URL + reverse(
        "properties:alert_unsubscribe", args=[make_unsubscribe_token(subscription)]
    )
    send_templated_email(
        to=[subscription.email],
        template="alert_round_open",
        context={
            "sales_round": sales_round,
            "round_path": reverse("properties:round_detail", args=[sales_round.slug]),
            "unsubscribe_url": unsubscribe_url,
        },
        language=subscription.language,
        # RFC 8058: mail clients show an unsubscribe button that POSTs to this address.
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
