"""Sending e-mail from templates, in the recipient's language.

Each message is three templates under templates/emails/: NAME_subject.txt, NAME.txt and
NAME.html. Messages are rendered inside `translation.override` so that a Celery worker, which
has no request, writes in the language the recipient chose.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(
    *, to: list[str], template: str, context: dict, language: str, headers: dict | None = None
) -> None:
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=to, from_email=None, headers=headers
    )
    message.attach_alternative(html, "text/html")
    message.send()
