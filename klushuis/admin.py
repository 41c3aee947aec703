"""Admin building blocks shared by the apps."""

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.template.defaultfilters import filesizeformat

from klushuis.uploads.forms import HeldUploadsMixin, HeldWidgetMixin, held_uploads_form


class ReadOnlyInline(admin.TabularInline):
    """History and what buyers declared: shown in the admin, never edited or added to there.

    Appended records (status changes, figure versions) are written by services only.
    """

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class _NamedFile:
    """A stored file as the link shows it: its name for people, its address for the link."""

    def __init__(self, url, name):
        self.url, self.name = url, name

    def __str__(self):
        return str(self.name)  # a lazy translation ("Photo") as text


class NamedFileInput(HeldWidgetMixin, AdminFileWidget):
    """An upload box that names the stored file ("Bouwkundig rapport.pdf") instead of showing
    its storage path (generated, meaningless to staff). Set `display_name` per form. In a form
    with `HeldUploadsMixin` it also shows a file held after a refused save."""

    template_name = "uploads/admin_file_input.html"
    display_name = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if widget["is_initial"] and self.display_name:
            widget["value"] = _NamedFile(value.url, self.display_name)
        return context


def file_size(size: int | None) -> str:
    """18,6 kB; 2,3 MB: a size people read, in the active language."""
    if not size:
        return "-"
    return filesizeformat(size)


class HeldUploadsInlineMixin(HeldUploadsMixin):
    """`HeldUploadsMixin` for the forms of an admin inline: a held file is looked up by page,
    inline and field, not by row number, because the admin's script renumbers the new rows
    when one is removed (the hidden token moves with its row, its number changes)."""

    def _scope_for(self, name):
        return f"{self.held_scope}:{name}"


def held_scope(model, obj) -> str:
    """The scope of the files held for one admin page: its model and object ("add" for a new
    one). The hold also belongs to the user, so another account's token finds nothing."""
    return f"admin:{model._meta.label_lower}:{obj.pk if obj is not None else 'add'}"


class HeldUploadsAdmin:
    """Put before a ModelAdmin: when a save of the page is refused (an error in any field or
    inline), every file on it that passed its own checks is held for this user and page and
    shown as "uploaded, not yet accepted"; the corrected save stores it without choosing it
    again. The page's form and the inlines' forms opt in with HeldUploadsMixin (inlines:
    HeldUploadsInlineMixin) and their inlines with HeldUploadsInline."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if issubclass(form, HeldUploadsMixin):
            form = held_uploads_form(form, user=request.user, scope=held_scope(self.model, obj))
        return form

    def _held_forms(self, context):
        yield context["adminform"].form
        for inline in context.get("inline_admin_formsets", []):
            formset = inline.formset
            for form in formset.forms:
                if not (formset.can_delete and formset._should_delete_form(form)):
                    yield form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "POST":
            # Rendered after a POST means refused: nothing was saved. A form without errors of
            # its own (the error is elsewhere on the page) holds its files here.
            for form in self._held_forms(context):
                if isinstance(form, HeldUploadsMixin):
                    form.hold_uploads()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Stored by now: the holds that were used are released (their files deleted after
        # the commit, so a rollback keeps them).
        for each in [form, *(f for formset in formsets for f in formset.forms)]:
            if isinstance(each, HeldUploadsMixin):
                each.release_held_uploads()


class HeldUploadsInline:
    """Put before an InlineModelAdmin of a HeldUploadsAdmin page whose form holds files."""

    def get_formset(self, request, obj=None, **kwargs):
        form = kwargs.get("form", self.form)
        if issubclass(form, HeldUploadsMixin):
            scope = f"{held_scope(self.parent_model, obj)}:{self.model._meta.label_lower}"
            kwargs["form"] = held_uploads_form(form, user=request.user, scope=scope)
        return super().get_formset(request, obj, **kwargs)


class PortalAdminSite(admin.AdminSite):
    """The management site: staff status *and* a second factor passed in this session.

    SecondFactorMiddleware already sends unverified staff to the second-factor step before
    any view runs; the site checks again so that the admin stays closed if the middleware
    were ever left out.
    """

    def has_permission(self, request):
        # OTPMiddleware gives the user is_verified(); without it, nobody is verified.
        is_verified = getattr(request.user, "is_verified", None)
        return super().has_permission(request) and is_verified is not None and is_verified()
