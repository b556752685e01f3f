"""Where scanned justification documents are kept: under `MASSAR_PRIVATE_ROOT` (default `var/private/`), a
folder no web server serves. They leave it only through the view that checks the reader's scope."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible(path="massar.attendance.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """A file system storage without a URL, rooted at the setting read when first used (tests override it)."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @cached_property
    def base_location(self):  # type: ignore[override]
        return str(settings.MASSAR_PRIVATE_ROOT)

    @cached_property
    def location(self):  # type: ignore[override]
        import os

        return os.path.abspath(self.base_location)

    def url(self, name):  # type: ignore[override]
        raise ValueError("A private document has no public address.")


private_storage = PrivateStorage()
