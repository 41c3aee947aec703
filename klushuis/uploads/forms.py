"""Forms keep uploaded files across a refused submission: `HeldUploadsMixin` and its widget.

Any Django form or ModelForm with file fields can use the mixin (the buyer's application steps
do; an admin ModelForm can through `held_uploads_form`). For each file field it:

- renders the field with `HeldFileInput`: the file input, plus, when a file is held, "uploaded,
  not yet accepted" with its name, size, a link to view it and a hidden field with the token;
  when the object already has a saved file, "on file" with a link (`set_saved_url`);
- when the form is refused (by any field, or by the view through `hold_uploads()`), holds each
  new upload that passed its checks, so the re-rendered form carries its token;
- when the form is posted again without a new file, takes the held file as the field's value
  (a required field is then satisfied), so `cleaned_data` and a ModelForm's instance get it
  exactly like an upload;
- after the caller saved, `release_held_uploads()` deletes the holds that were used.
"""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from klushuis.uploads.held import (
    HeldFile,
    held_upload_create,
    held_upload_get,
    held_upload_release,
)

HELD_NAME_SUFFIX = "__held"


class HeldWidgetMixin:
    """What a file widget needs to show a held file: its notice, a link to view it and the
    hidden token. Mixed into `HeldFileInput` and into the admin's file input
    (`klushuis.admin.NamedFileInput`); a widget without it is replaced by `HeldFileInput`."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.held = None
        self.saved_url = None
        self.saved = False

    def use_required_attribute(self, initial):
        return super().use_required_attribute(initial) and self.held is None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        held = self.held
        context["widget"].update(
            token_name=name + HELD_NAME_SUFFIX,
            held=held,
            held_url=reverse("uploads:held", args=[held.token]) if held else None,
            held_size=filesizeformat(held.size) if held else None,
        )
        return context


class HeldFileInput(HeldWidgetMixin, forms.Widget):
    """A file input that also shows a held or saved file.

    Not a FileInput subclass on purpose: crispy-forms renders FileInput widgets with its own
    markup, which would drop the held file's notice and token.
    """

    template_name = "uploads/held_file_input.html"
    input_type = "file"
    needs_multipart_form = True

    def format_value(self, value):
        return None  # a file input never shows a value

    def value_from_datadict(self, data, files, name):
        return files.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in files

    def use_required_attribute(self, initial):
        return super().use_required_attribute(initial) and not initial

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(type=self.input_type, saved=self.saved, saved_url=self.saved_url)
        return context


class HeldUploadsMixin:
    """Put before forms.Form / forms.ModelForm. Pass `held_user` and `held_scope` (a string
    naming the form and the object, e.g. "application:12:step4"); without them it does
    nothing but render the widget."""

    #: Names of the file fields to hold; None means every FileField of the form.
    held_upload_fields = None

    def __init__(self, *args, held_user=None, held_scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.held_user = held_user if held_user is not None else getattr(self, "held_user", None)
        self.held_scope = held_scope or getattr(self, "held_scope", None)
        self.held = {}
        self._held_now = set()
        names = self.held_upload_fields
        if names is None:
            names = [n for n, f in self.fields.items() if isinstance(f, forms.FileField)]
        self._held_names = list(names)
        for name in self._held_names:
            field = self.fields[name]
            if not isinstance(field.widget, HeldWidgetMixin):
                field.widget = HeldFileInput(attrs=field.widget.attrs)
            # What is saved now, before binding: a refused ModelForm sets the new upload on
            # its instance, which must not read as "saved".
            initial = self.get_initial_for_field(field, name)
            instance = getattr(self, "instance", None)
            field.widget.saved = bool(initial) and (instance is None or instance.pk is not None)
            if self.is_bound and self._can_hold:
                token = self.data.get(self.add_prefix(name) + HELD_NAME_SUFFIX, "")
                held = held_upload_get(
                    token=token, user=self.held_user, scope=self._scope_for(name)
                )
                if held is not None:
                    self.held[name] = held
                    field.widget.held = held

    @property
    def _can_hold(self):
        return bool(self.held_scope) and getattr(self.held_user, "is_authenticated", False)

    def _scope_for(self, name):
        return f"{self.held_scope}:{self.add_prefix(name)}"

    @property
    def changed_data(self):
        # A held file posted back is a change, though no file came with the request: a
        # formset skips an extra form that did not change, and the caller may act on a new
        # file (a photo's thumbnail).
        changed = super().changed_data
        return changed + [name for name in self.held if name not in changed]

    def set_saved_url(self, name, url):
        """Where the file already saved for this field can be viewed (shown beside it)."""
        self.fields[name].widget.saved_url = url if self.fields[name].widget.saved else None

    def _clean_fields(self):
        # A held file answers a required field that got no new upload.
        required = {}
        for name in self.held:
            if not self.files.get(self.add_prefix(name)):
                required[name] = self.fields[name].required
                self.fields[name].required = False
        try:
            super()._clean_fields()
        finally:
            for name, value in required.items():
                self.fields[name].required = value
        for name, held in self.held.items():
            if name in required and name not in self.errors:
                self.cleaned_data[name] = HeldFile(held)

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.errors:
            self.hold_uploads()

    def hold_uploads(self):
        """Hold each new upload that passed its checks; call it when the form is not saved
        for any reason (another form on the page refused, the service refused)."""
        if not self._can_hold or not hasattr(self, "cleaned_data"):
            return
        for name in self._held_names:
            upload = self.cleaned_data.get(name)
            if not upload or isinstance(upload, HeldFile) or not hasattr(upload, "content_type"):
                continue
            if name in self._held_now:
                continue  # held already by an earlier call for this request
            previous = self.held.get(name)
            held = held_upload_create(
                user=self.held_user, scope=self._scope_for(name), upload=upload
            )
            if previous is not None:
                held_upload_release(previous)
            self.held[name] = held
            self._held_now.add(name)
            self.fields[name].widget.held = held
            # The re-rendered form carries the new token.
            self.data = self.data.copy()
            self.data[self.add_prefix(name) + HELD_NAME_SUFFIX] = held.token

    def release_held_uploads(self):
        """After the caller saved the form's files: delete the holds that were used."""
        for name, held in list(self.held.items()):
            used = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
            if isinstance(used, HeldFile) and used.held.pk == held.pk:
                used.close()
                held_upload_release(held)
                del self.held[name]


def held_uploads_form(form_class, *, user, scope):
    """A subclass of `form_class` (which uses HeldUploadsMixin) bound to a user and scope, for
    code that instantiates the form itself, such as ModelAdmin (see `get_form`)."""
    return type(form_class.__name__, (form_class,), {"held_user": user, "held_scope": scope})
