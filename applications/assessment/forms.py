from django import forms
from django.utils.translation import gettext_lazy as _


class ScoreForm(forms.Form):
    """A juror's scores for one plan: one whole number per criterion, and remarks that the
    buyer reads (without the juror's name) once the outcome is published."""

    remarks = forms.CharField(
        label=_("Remarks for the buyer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The buyer reads these after the outcome is published, without your name."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields = {}
        for criterion in criteria:
            fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name,
                help_text=_("%(description)s Score 0 to %(max)d; weight %(weight)s.")
                % {
                    "description": criterion.description,
                    "max": criterion.max_score,
                    "weight": criterion.weight.normalize(),
                },
                min_value=0,
                max_value=criterion.max_score,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        self.fields = {**fields, "remarks": self.fields["remarks"]}

    def scores(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[f"criterion_{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"criterion_{c.pk}") is not None
        }
