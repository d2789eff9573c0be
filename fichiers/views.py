"""News and the file catalogue. Access is decided by `fichiers.permissions`, on every object."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from extranet import fragments
from extranet.markup import render_markdown
from extranet.models import DailyUsage
from extranet.search.models import search_queryset
from extranet.search.text import search_key
from fichiers import permissions
from fichiers.forms import (
    FILE_REFERENCE,
    DigestSubscriptionForm,
    DocumentFilterForm,
    DocumentForm,
    NewsFilterForm,
    NewsForm,
    VersionForm,
)
from fichiers.models import DigestSubscription, Document, DownloadCount, News

PAGE_SIZE = 20


def _posted(request):
    # Not `request.POST or None`: a form whose only checkbox is unticked posts nothing, yet was sent.
    return request.POST if request.method == "POST" else None


def _uploaded(request):
    return request.FILES if request.method == "POST" else None


def _filter(queryset, form):
    """Apply the list filters; a text query also orders by relevance."""
    if not form.is_valid():
        return queryset
    data = form.cleaned_data
    for name in ("category", "structure", "partner", "year"):
        if data.get(name):
            queryset = queryset.filter(**{name: data[name]})
    if search_key(data["q"]):
        queryset = search_queryset(queryset, data["q"])
    return queryset


def _page(request, items, counted=None):
    """The page asked for, with the matches (or those of `counted`) counted once per version of the
    news and files.

    Counting is the one part of the lists that grows with the network: PostgreSQL reads every matching
    row (the 50,000 files' rows, 38 ms at ten times the network), while the count only changes when a
    news item or a file is saved. The key is the counting query itself: its filters and the person's
    visibility.
    """
    counted = items if counted is None else counted
    paginator = Paginator(items, PAGE_SIZE)
    key = counted.order_by().query.sql_with_params()
    paginator.count = int(
        fragments.cached("fichiers-count", ["fichiers"], [key], lambda: str(counted.count()))
    )
    return paginator.get_page(request.GET.get("page"))


def _listed_news(user, archived: bool, now):
    news = News.objects.visible_to(user).published(now).with_listing()
    return news.archived() if archived else news.current()


def news_list(request, archived=False):
    form = NewsFilterForm(request.GET or None)
    now = timezone.now()

    def page():
        news = _filter(_listed_news(request.user, archived, now).pinned_first(), form)
        # Counted up to the end of the minute, so that one count serves the whole minute: a news item
        # scheduled for later in this minute is counted a few seconds before it is listed.
        end_of_minute = now.replace(second=59, microsecond=999999)
        counted = _filter(_listed_news(request.user, archived, end_of_minute), form)
        return _page(request, news, counted=counted)

    return render(
        request,
        "fichiers/news_list.html",
        {
            # The filters and the list, read only when the cache has no copy for this address (filters,
            # page) and this minute.
            "page": SimpleLazyObject(page),
            "list_vary": (archived, request.GET.urlencode(), now.strftime("%Y-%m-%d %H:%M")),
            "form": form,
            "archived": archived,
            "can_publish": permissions.can_publish(request.user),
        },
    )


def news_detail(request, pk):
    news = permissions.get_news_for_user(request, pk)
    files = news.files.visible_to(request.user).with_listing()
    return render(
        request,
        "fichiers/news_detail.html",
        {
            "news": news,
            "body_html": render_markdown(news.body),
            "files": files,
            "can_edit": permissions.can_edit_news(request.user, news),
        },
    )


def _document_to_attach(request) -> Document | None:
    """The file chosen with "Joindre à une actualité" on its page (`?fichier=<pk>`), if it may be attached:
    visible to the person and not archived. Anything else is ignored, as if no file had been chosen."""
    pk = request.GET.get("fichier", "")
    if not FILE_REFERENCE.fullmatch(pk):
        return None
    return Document.objects.visible_to(request.user).current().filter(pk=int(pk)).first()


def news_form(request, pk=None):
    if pk is None:
        permissions.require_publisher(request.user)
        news = News(author=request.user)
    else:
        news = permissions.get_news_for_user(request, pk, write=True)
    form = NewsForm(_posted(request), instance=news, user=request.user, attach=_document_to_attach(request))
    if request.method == "POST" and form.is_valid():
        news = form.save()
        messages.success(request, "L'actualité est publiée." if pk is None else "L'actualité est modifiée.")
        return redirect(news)
    return render(request, "fichiers/news_form.html", {"form": form, "news": news})


def document_list(request, archived=False):
    documents = Document.objects.visible_to(request.user).with_listing()
    documents = documents.archived() if archived else documents.current()
    form = DocumentFilterForm(request.GET or None)
    return render(
        request,
        "fichiers/document_list.html",
        {
            # The filters and the list, read only when the cache has no copy for this address.
            "page": SimpleLazyObject(lambda: _page(request, _filter(documents, form))),
            "list_vary": (archived, request.GET.urlencode()),
            "form": form,
            "archived": archived,
            "can_publish": permissions.can_publish(request.user),
        },
    )


def document_detail(request, pk):
    document = permissions.get_document_for_user(request, pk)
    return render(
        request,
        "fichiers/document_detail.html",
        {
            "document": document,
            "versions": document.versions.select_related("uploaded_by"),
            "news": document.news.visible_to(request.user).current().published()[:5],
            "can_edit": permissions.can_edit_document(request.user, document),
            "can_publish": permissions.can_publish(request.user),
        },
    )


def document_create(request):
    permissions.require_publisher(request.user)
    document = Document(uploaded_by=request.user)
    form = DocumentForm(_posted(request), instance=document, user=request.user)
    upload_form = VersionForm(_posted(request), _uploaded(request), user=request.user)
    if request.method == "POST":
        # Both forms are checked, so that every error is shown at once.
        form_valid, upload_valid = form.is_valid(), upload_form.is_valid()
        if form_valid and upload_valid:
            with transaction.atomic():
                document = form.save()
                document.add_version(upload_form.cleaned_data["file"], upload_form.checked_file, request.user)
            upload_form.release()
            messages.success(request, "Le fichier est déposé dans le catalogue.")
            return redirect(document)
        if upload_valid:
            upload_form.hold()
    return render(request, "fichiers/document_form.html", {"form": form, "upload_form": upload_form})


def document_edit(request, pk):
    document = permissions.get_document_for_user(request, pk, write=True)
    form = DocumentForm(_posted(request), instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "La fiche du fichier est modifiée.")
        return redirect(document)
    context = {"form": form, "upload_form": None, "document": document}  # the file changes as a new version
    return render(request, "fichiers/document_form.html", context)


def version_create(request, pk):
    document = permissions.get_document_for_user(request, pk, write=True)
    form = VersionForm(_posted(request), _uploaded(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            document.add_version(form.cleaned_data["file"], form.checked_file, request.user)
        messages.success(
            request, "La nouvelle version est en ligne ; les précédentes restent dans l'historique."
        )
        return redirect(document)
    return render(request, "fichiers/version_form.html", {"form": form, "document": document})


def _file_response(stored_file, content_type: str, filename: str, *, attachment: bool) -> FileResponse:
    # Django writes the RFC 6266 name (an ASCII `filename`, or `filename*` for any other character).
    response = FileResponse(
        stored_file.open("rb"), content_type=content_type, as_attachment=attachment, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Private to this member's browser: never kept by a shared cache or proxy.
    response["Cache-Control"] = "private, no-store"
    return response


def download(request, pk):
    version = permissions.get_version_for_user(request, pk)
    DownloadCount.record(version.document)
    DailyUsage.record(request.user, downloads=1)
    return _file_response(version.file, version.content_type, version.original_name, attachment=True)


def thumbnail(request, pk):
    version = permissions.get_version_for_user(request, pk)
    if not version.thumbnail:
        raise Http404("Pas d'aperçu pour ce fichier.")
    return _file_response(version.thumbnail, "image/png", "apercu.png", attachment=False)


def digest_preferences(request):
    subscription = DigestSubscription.objects.filter(user=request.user).first() or DigestSubscription(
        user=request.user
    )
    form = DigestSubscriptionForm(_posted(request), instance=subscription)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            "Vous recevrez le résumé hebdomadaire."
            if subscription.is_active
            else "Vous ne recevrez plus le résumé hebdomadaire.",
        )
        return redirect("fichiers:digest_preferences")
    return render(request, "fichiers/digest_preferences.html", {"form": form})
