"""HTML to PDF with WeasyPrint, one render at a time in a process: the embedded mode renders the letters' files in
a background thread while a request may render a référent's sheet, and WeasyPrint is not safe across threads."""

import threading

from django.conf import settings

_verrou = threading.Lock()


def ecrire_pdf(document: str) -> bytes:
    from weasyprint import HTML

    with _verrou:
        return HTML(string=document, base_url=str(settings.BASE_DIR)).write_pdf()
