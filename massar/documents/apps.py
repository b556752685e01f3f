from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "massar.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from massar.access import registry

        from .models import BatchPrint, Document, DocumentFile
        from .scopes import batches_visible_to, document_files_visible_to, documents_visible_to

        registry.register(Document, documents_visible_to)
        registry.register(DocumentFile, document_files_visible_to)
        registry.register(BatchPrint, batches_visible_to)
