from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's validator with its refusal in the portal's own catalogue.

    Django 5.2.19 changed the wording of this message (a plain `%d` instead of
    `%(min_length)d`) and its Dutch catalogue has no translation for the new text, so Dutch
    buyers were refused in English. The help text is unchanged and still translated.
    """

    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
