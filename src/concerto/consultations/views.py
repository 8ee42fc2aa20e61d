from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from concerto.core.pagecache import public_page

from . import selectors


def _consultation_context(content: selectors.ConsultationContent) -> dict:
    now = timezone.now()
    return {
        "consultation": content.consultation,
        "content": content,
        "profiles": list(content.profiles),
        "themes": list(content.themes),
        "documents": content.general_documents,
        "phases": content.phases(now),
        "participant_count": selectors.participant_count(content.consultation),
        "now": now,
    }


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    public = selectors.public_content()
    content = public.featured
    if content is None:
        return render(request, "consultations/empty.html")
    context = _consultation_context(content)
    context["other_consultations"] = [c.consultation for c in public.consultations[1:]]
    context["is_home"] = True
    return render(request, "consultations/consultation_detail.html", context)


@require_safe
@public_page
def consultation_list(request: HttpRequest) -> HttpResponse:
    public = selectors.public_content()
    return render(
        request,
        "consultations/consultation_list.html",
        {"consultations": [c.consultation for c in public.consultations], "now": timezone.now()},
    )


@require_safe
@public_page
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    content = selectors.public_content().get(slug)
    return render(request, "consultations/consultation_detail.html", _consultation_context(content))


@require_safe
@public_page
def theme_list(request: HttpRequest, slug: str) -> HttpResponse:
    content = selectors.public_content().get(slug)
    return render(
        request,
        "consultations/theme_list.html",
        {"consultation": content.consultation, "themes": content.themes, "now": timezone.now()},
    )


@require_safe
@public_page
def theme_detail(request: HttpRequest, slug: str, theme_slug: str) -> HttpResponse:
    content = selectors.public_content().get(slug)
    theme = content.theme(theme_slug)
    return render(
        request,
        "consultations/theme_detail.html",
        {
            "consultation": content.consultation,
            "theme": theme,
            "status": theme.status,
            "documents": content.theme_documents(theme),
            "questionnaires": content.theme_questionnaires(theme),
        },
    )


@require_safe
@public_page
def document_list(request: HttpRequest, slug: str) -> HttpResponse:
    content = selectors.public_content().get(slug)
    # Grouped by theme: the consultation's own documents first, then each theme's in order.
    order = {None: -1} | {t.pk: i for i, t in enumerate(content.themes)}
    documents = sorted(content.documents, key=lambda d: order[d.theme_id])
    return render(
        request,
        "consultations/document_list.html",
        {"consultation": content.consultation, "documents": documents},
    )


@require_safe
@public_page
def page_detail(request: HttpRequest, slug: str, page_slug: str) -> HttpResponse:
    content = selectors.public_content().get(slug)
    page = content.page(page_slug)
    return render(
        request,
        "consultations/page_detail.html",
        {"consultation": content.consultation, "page": page},
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
