"""Reading documents: each viewer sees only what its visibility level allows."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from gcmreview.intake.models import Document
from gcmreview.participation.access import viewer_for
from gcmreview.process.models import ReviewProcess


def _visible_documents(request, process):
    viewer = viewer_for(request.user, process)
    documents = (
        Document.objects.filter(process=process)
        .filter(viewer.material_filter())
        .select_related("event")
        .prefetch_related("authors")
    )
    return viewer, documents


def _cite(viewer, document) -> str:
    authors = ", ".join(o.short_name for o in document.authors.all())
    return viewer.citation(document.event, authors)


def document_list(request, slug):
    process = get_object_or_404(ReviewProcess, slug=slug)
    viewer, documents = _visible_documents(request, process)
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    rows = [(d, _cite(viewer, d)) for d in page.object_list]
    return render(
        request, "intake/document_list.html", {"process": process, "page": page, "rows": rows}
    )


def document_page(request, slug, pk):
    process = get_object_or_404(ReviewProcess, slug=slug)
    viewer, documents = _visible_documents(request, process)
    document = documents.filter(pk=pk).first()
    if document is None:
        # The same answer whether it does not exist or may not be seen.
        raise Http404(_("No such document, or not one you may read."))
    return render(
        request,
        "intake/document.html",
        {"process": process, "document": document, "citation": _cite(viewer, document)},
    )
