"""A theme's published results as a tagged PDF (PDF/UA-1), from the same template parts as
the public page and the same figures (``audience=PUBLIC``)."""

from __future__ import annotations

from django.template.loader import render_to_string

from .models import Publication


def results_html(publication: Publication) -> str:
    from concerto.core.models import SiteProfile

    from .selectors import publication_page_data

    context = publication_page_data(publication)
    context["site_profile"] = SiteProfile.load()
    return render_to_string("publication/results_pdf.html", context)


def results_pdf(publication: Publication) -> bytes:
    import weasyprint

    html = results_html(publication)
    document = weasyprint.HTML(string=html, base_url=None)
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=None)
