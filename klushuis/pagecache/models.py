from django.db import models


class ContentVersion(models.Model):
    """One row: a number raised after every commit that changes what public pages show.

    Cached pages are stored under it, so a change is on the very next request of every process
    on every machine: the number lives in the database all of them share, not in their memory.
    """

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"content version {self.version}"
