from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    consultation = selectors.featured_consultation()
    if consultation is None:
        return render(request, "consultations/empty.html")
    context = selectors.consultation_page_data(consultation)
    context["other_consultations"] = list(
        selectors.published_consultations().exclude(pk=consultation.pk)
    )
    context["is_home"] = True
    context["now"] = timezone.now()
    return render(request, "consultations/consultation_detail.html", context)


@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "consultations/consultation_list.html",
        {"consultations": list(selectors.published_consultations())},
    )


@require_safe
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = selectors.get_public_consultation(slug)
    context = selectors.consultation_page_data(consultation)
    context["now"] = timezone.now()
    return render(request, "consultations/consultation_detail.html", context)


@require_safe
def theme_list(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = selectors.get_public_consultation(slug)
    return render(
        request,
        "consultations/theme_list.html",
        {
            "consultation": consultation,
            "themes": list(consultation.themes.visible()),
            "now": timezone.now(),
        },
    )


@require_safe
def theme_detail(request: HttpRequest, slug: str, theme_slug: str) -> HttpResponse:
    consultation = selectors.get_public_consultation(slug)
    theme = selectors.get_public_theme(consultation, theme_slug)
    return render(
        request,
        "consultations/theme_detail.html",
        {
            "consultation": consultation,
            "theme": theme,
            "status": theme.status,
            "documents": list(theme.documents.all()),
            "questionnaires": selectors.published_questionnaires(theme),
        },
    )


@require_safe
def document_list(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = selectors.get_public_consultation(slug)
    return render(
        request,
        "consultations/document_list.html",
        {
            "consultation": consultation,
            "documents": list(selectors.visible_documents(consultation).select_related("theme")),
        },
    )


@require_safe
def page_detail(request: HttpRequest, slug: str, page_slug: str) -> HttpResponse:
    consultation = selectors.get_public_consultation(slug)
    page = selectors.get_public_page(consultation, page_slug)
    return render(
        request, "consultations/page_detail.html", {"consultation": consultation, "page": page}
    )


@require_safe
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """Streams the file from the configured storage, so any web host can serve it."""
    document = selectors.get_public_document(pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, filename=document.filename, as_attachment=False)
