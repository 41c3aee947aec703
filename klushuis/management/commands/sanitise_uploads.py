from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from klushuis.uploads.sanitize import prepare_pdf

# Every model field that holds an uploaded PDF, with `<field>_original` and `<field>_sha256`
# beside it (decision 0008).
UPLOADED_PDFS = [
    ("applications.Application", "financing_statement"),
    ("applications.RenovationPlan", "drawings"),
    ("properties.PropertyDocument", "file"),
    ("contracts.Contract", "signed_copy"),
]


class Command(BaseCommand):
    help = (
        "Give PDFs uploaded before sanitising existed the same treatment as new ones: the file "
        "as stored becomes the kept original (with its SHA-256) and a sanitised copy is served. "
        "Files that cannot be sanitised are listed and left as they are. Safe to run again."
    )

    def handle(self, *args, **options):
        done = refused = 0
        for label, field in UPLOADED_PDFS:
            model = apps.get_model(label)
            pending = model.objects.exclude(**{field: ""}).filter(**{f"{field}_sha256": ""})
            for row in pending.iterator():
                stored = getattr(row, field)
                with stored.open("rb") as handle:
                    upload = ContentFile(handle.read(), name=stored.name.rsplit("/", 1)[-1])
                try:
                    prepared = prepare_pdf(upload)
                except ValidationError:
                    refused += 1
                    self.stderr.write(f"{label} {row.pk}: cannot be sanitised, left as stored")
                    continue
                old_name = stored.name
                with transaction.atomic():
                    getattr(row, f"{field}_original").save(
                        upload.name, ContentFile(prepared.original), save=False
                    )
                    stored.save(upload.name, ContentFile(prepared.sanitised), save=False)
                    setattr(row, f"{field}_sha256", prepared.sha256)
                    if field == "file":  # a property document shows its size
                        row.size = len(prepared.sanitised)
                    row.save()
                    transaction.on_commit(lambda s=stored.storage, n=old_name: s.delete(n))
                done += 1
        self.stdout.write(f"{done} upload(s) sanitised, {refused} left as stored")
