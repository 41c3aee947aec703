"""Form widgets every app's forms share."""

from decimal import Decimal

from django import forms


class AmountInput(forms.NumberInput):
    """An amount in euros as a person types it: a saved 45000.00 shows as 45000 (cents only
    when there are any). What was typed into a refused form is shown as it was."""

    def format_value(self, value):
        if isinstance(value, Decimal) and value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        return super().format_value(value)
