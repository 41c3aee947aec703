"""A buyer's own data (AVG art. 15, 17 and 20): what the portal holds about them, a download
of all of it (a ZIP with a readable summary, a JSON file and their uploads), and a deletion
request that removes at once everything no legal duty keeps."""

import json
import zipfile
from tempfile import SpooledTemporaryFile

from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from klushuis.organisations.models import Organisation
from klushuis.privacy import services


@login_not_required
@require_GET
def statement(request, slug=None):
    """The privacy statement, per municipality (each is the controller of its own sales): the
    prose is written per language; the categories, purposes, legal bases, recipients and
    retention periods come from the registry and that municipality's settings."""
    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    municipality = get_object_or_404(municipalities, slug=slug) if slug else None
    if municipality is not None:
        request.branding = municipality
    retention = services.retention_for(municipality.pk if municipality else None)
    language = translation.get_language() or settings.LANGUAGE_CODE
    template = select_template([f"pages/privacy.{language}.html", "pages/privacy.nl.html"])
    context = {
        "municipality": municipality,
        "municipalities": municipalities,
        "statement_rows": services.statement_rows(retention),
    }
    return HttpResponse(template.render(context, request))


class DeletionForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and data are removed and cannot be restored.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


@require_GET
def my_data(request):
    return render(
        request,
        "privacy/my_data.html",
        {
            "sections": services.my_data_export(request.user),
            "kept": services.my_data_kept(request.user),
            "form": DeletionForm(user=request.user),
            "may_delete": not request.user.is_staff,
        },
    )


@require_GET
def my_data_download(request):
    sections = services.my_data_export(request.user)
    made_at = timezone.localtime()
    buffer = SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "overzicht.html",
            render_to_string(
                "privacy/my_data_summary.html",
                {"sections": sections, "made_at": made_at, "user": request.user},
                request=None,
            ),
        )
        archive.writestr(
            "gegevens.json",
            json.dumps(
                {
                    "made_at": made_at.isoformat(),
                    "sections": [{"title": str(s.title), "data": s.data} for s in sections],
                },
                cls=DjangoJSONEncoder,
                ensure_ascii=False,
                indent=2,
            ),
        )
        for section in sections:
            for name, field in section.files:
                with field.open("rb") as handle:
                    archive.writestr(f"bestanden/{name}", handle.read())
    buffer.seek(0)
    response = FileResponse(
        buffer,
        as_attachment=True,
        filename=f"mijn-gegevens-{made_at:%Y%m%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["POST"])
def my_data_delete(request):
    if request.user.is_staff:
        # A member of staff's account is the organisation's to close (it signs records).
        raise PermissionDenied
    form = DeletionForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(
            request,
            "privacy/my_data.html",
            {
                "sections": services.my_data_export(request.user),
                "kept": services.my_data_kept(request.user),
                "form": form,
                "may_delete": True,
            },
            status=400,
        )
    user = request.user
    result = services.my_data_erase(user)
    logout(request)
    return render(request, "privacy/deleted.html", {"kept": result["kept"]})
