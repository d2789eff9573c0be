"""What news and files add to other pages: the home page and the directory's pages."""

from fichiers import permissions
from fichiers.enums import DocumentCategory
from fichiers.models import Document, News

LATEST_NEWS = 5
DOCUMENTS_PER_PANEL = 10


def latest_news(request):
    news = News.objects.visible_to(request.user).current().published().with_listing().pinned_first()
    # Shown even when empty, so that the first person to publish finds the way.
    return {"news": list(news[:LATEST_NEWS]), "can_publish": permissions.can_publish(request.user)}


def _documents_panel(request, documents, heading: str, first_category: str) -> dict:
    documents = documents.visible_to(request.user).current().with_listing().category_first(first_category)
    return {
        "heading": heading,
        "documents": list(documents[:DOCUMENTS_PER_PANEL]),
        "can_publish": permissions.can_publish(request.user),
    }


def structure_documents(request, structure) -> dict:
    """The structure's files, its communication leaflet first (seed 000, art. 2.2)."""
    return _documents_panel(
        request,
        Document.objects.filter(structure=structure),
        "Documents de la structure",
        DocumentCategory.LEAFLET,
    )


def partner_documents(request, partner) -> dict:
    return _documents_panel(
        request,
        Document.objects.filter(partner=partner),
        "Documentation du partenaire",
        DocumentCategory.PARTNER_DOCUMENTATION,
    )
