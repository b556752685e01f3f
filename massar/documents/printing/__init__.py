"""Documents printed as PDFs: the one place the documents domain renders anything (as communication renders
e-mails), so that a background task (a batch of report cards) can print without a request."""

from .render import class_list_pdf, document_pdf, documents_pdf, page_context, qr_data_uri, verify_url

__all__ = ["class_list_pdf", "document_pdf", "documents_pdf", "page_context", "qr_data_uri", "verify_url"]
