"""Reading documents: each viewer sees only what its visibility level allows."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gcmreview.intake import ingest
from gcmreview.intake.models import Document
from gcmreview.intake.operations import check_can_submit
from gcmreview.participation.access import Visibility, viewer_for
from gcmreview.participation.operations import Refused
from gcmreview.process.models import Event, ReviewProcess


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
    key_messages = document.key_messages.prefetch_related("tags", "countries")
    return render(
        request,
        "intake/document.html",
        {
            "process": process,
            "document": document,
            "citation": _cite(viewer, document),
            "key_messages": key_messages,
        },
    )


def document_progress(request, slug, pk):
    """The status line of a document being read, polled by the document page."""
    process = get_object_or_404(ReviewProcess, slug=slug)
    _viewer, documents = _visible_documents(request, process)
    document = documents.filter(pk=pk).first()
    if document is None:
        raise Http404(_("No such document, or not one you may read."))
    response = render(request, "intake/_progress.html", {"process": process, "document": document})
    # The page asks with the status it shows. Key messages appear when reading is done and
    # their tags when tagging is: past "reading", a new status means a page to reload.
    shown = request.GET.get("shown")
    if shown and shown != document.status and document.status != Document.Status.READING:
        response["HX-Refresh"] = "true"
    return response


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field, each checked like a single one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)]


class UploadForm(forms.Form):
    # Every selected file is taken from request.FILES; the field checks one was sent.
    files = MultipleFileField(label=gettext_lazy("Files (PDF, DOCX, TXT, Markdown, HTML)"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Document.Kind.choices)
    event = forms.ModelChoiceField(
        label=gettext_lazy("Event"), queryset=Event.objects.none(), required=False
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who may read it"),
        choices=Visibility.choices,
        initial=Visibility.SECRETARIAT,
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = process.events.order_by("-date_end")


@login_required
def upload(request, slug):
    process = get_object_or_404(ReviewProcess, slug=slug)
    try:
        check_can_submit(request.user, process, None)
    except Refused as exc:
        raise PermissionDenied(str(exc)) from None
    form = UploadForm(request.POST or None, request.FILES or None, process=process)
    if request.method == "POST" and form.is_valid():
        received = []
        for upload_file in form.cleaned_data["files"]:
            try:
                result = ingest.receive_file(
                    request.user,
                    process,
                    name=upload_file.name,
                    data=upload_file.read(),
                    kind=form.cleaned_data["kind"],
                    visibility=form.cleaned_data["visibility"],
                    event=form.cleaned_data["event"],
                )
            except Refused as exc:
                messages.error(request, f"{upload_file.name}: {exc}")
                continue
            received.append(result)
            if not result.new:
                messages.info(
                    request,
                    _("%(name)s was already received.") % {"name": upload_file.name},
                )
        if len(received) == 1:
            return redirect("document", slug, received[0].document.pk)
        if received:
            return redirect("documents", slug)
    return render(request, "intake/upload.html", {"process": process, "form": form})
