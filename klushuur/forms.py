from django import forms
from django.utils.translation import gettext_lazy as _

from klushuis.organisations.models import Organisation
from klushuis.uploads import JPEG, PNG, WEBP, validate_upload
from klushuis.uploads.forms import HeldFileInput, HeldUploadsMixin
from klushuis.uploads.limits import size_limited
from klushuur.models import Change, Job, Location

MAX_PHOTO_BYTES = 10 * 1024 * 1024


class InterestForm(forms.Form):
    corporation = forms.ModelChoiceField(
        label=_("Housing corporation"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.HOUSING_CORPORATION),
    )
    job_kinds = forms.MultipleChoiceField(
        label=_("What would you like to do?"),
        choices=Job.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.CharField(
        label=_("What can you do?"),
        help_text=_("Your experience, e.g. tiling, carpentry, painting; certificates you hold."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    available_time = forms.CharField(
        label=_("How much time do you have?"),
        help_text=_("E.g. evenings and weekends, or two weeks of holiday in the summer."),
        max_length=200,
    )


class ApplyForm(forms.Form):
    """Which of the offer's jobs, with a choice where the job offers one."""

    motivation = forms.CharField(
        label=_("Why you and this home?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def __init__(self, *args, jobs, **kwargs):
        super().__init__(*args, **kwargs)
        self.jobs = list(jobs)
        for job in self.jobs:
            self.fields[f"job_{job.pk}"] = forms.BooleanField(
                label=job.name, required=False, initial=True
            )
            options = job.choice_list()
            if options:
                self.fields[f"choice_{job.pk}"] = forms.ChoiceField(
                    label=_("Your choice for %(job)s") % {"job": job.name},
                    choices=[("", "---------"), *[(o, o) for o in options]],
                    required=False,
                )
        self.order_fields([*(n for n in self.fields if n != "motivation"), "motivation"])

    def clean(self):
        data = super().clean()
        chosen = [job for job in self.jobs if data.get(f"job_{job.pk}")]
        if not chosen:
            raise forms.ValidationError(_("Choose at least one job."))
        for job in chosen:
            if f"choice_{job.pk}" in self.fields and not data.get(f"choice_{job.pk}"):
                self.add_error(f"choice_{job.pk}", _("Make your choice."))
        data["chosen_jobs"] = chosen
        data["choices"] = {
            str(job.pk): data.get(f"choice_{job.pk}", "")
            for job in chosen
            if data.get(f"choice_{job.pk}")
        }
        return data


def _photo(upload):
    if upload and hasattr(upload, "content_type"):
        validate_upload(upload, allowed={JPEG, PNG, WEBP}, max_bytes=MAX_PHOTO_BYTES)
    return upload


class ReportForm(HeldUploadsMixin, forms.Form):
    report = forms.CharField(
        label=_("What did you do?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    photo_1 = forms.FileField(label=_("Photo"), widget=HeldFileInput)
    photo_2 = forms.FileField(label=_("Another photo"), required=False, widget=HeldFileInput)
    photo_3 = forms.FileField(label=_("Another photo"), required=False, widget=HeldFileInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("photo_1", "photo_2", "photo_3"):
            size_limited(self.fields[name], MAX_PHOTO_BYTES)
            self.fields[name].help_text = _("JPEG, PNG or WebP, at most 10 MB.")

    def clean_photo_1(self):
        return _photo(self.cleaned_data.get("photo_1"))

    def clean_photo_2(self):
        return _photo(self.cleaned_data.get("photo_2"))

    def clean_photo_3(self):
        return _photo(self.cleaned_data.get("photo_3"))

    def photos(self):
        return [
            self.cleaned_data[n]
            for n in ("photo_1", "photo_2", "photo_3")
            if self.cleaned_data.get(n)
        ]


class ChangeForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = Location.choices  # no empty radio button

    class Meta:
        model = Change
        fields = ["description", "location", "easy_to_undo"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "location": forms.RadioSelect(choices=Location.choices),
        }
        help_texts = {
            "easy_to_undo": _(
                "Could the change be taken away at the end of the lease without much cost, "
                "such as laminate or a shower screen?"
            )
        }
