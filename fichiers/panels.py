"""What news and files add to other pages: the home page and the directory's pages.

Each panel returns None when it has nothing to list: the product shows no empty placeholder boxes,
only what exists (the way to publish stays in the navigation and on the lists).
"""

from django.utils import timezone

from extranet import registry
from fichiers import permissions
from fichiers.enums import DocumentCategory
from fichiers.models import Document, News

LATEST_NEWS = 5
DOCUMENTS_PER_PANEL = 10


def latest_news(request) -> dict | None:
    news = News.objects.visible_to(request.user).current().published().with_listing().pinned_first()
    news = list(news[:LATEST_NEWS])
    if not news:
        return None
    return {"news": news, "can_publish": permissions.can_publish(request.user)}


def latest_news_vary(request) -> tuple:
    # A news item scheduled for later appears without any write when its time comes: within a minute.
    return (*registry.person_and_day(request), timezone.now().strftime("%H:%M"))


def _documents_panel(request, documents, heading: str, first_category: str) -> dict | None:
    documents = documents.visible_to(request.user).current().with_listing().category_first(first_category)
    documents = list(documents[:DOCUMENTS_PER_PANEL])
    if not documents:
        return None
    return {"heading": heading, "documents": documents, "can_publish": permissions.can_publish(request.user)}


def structure_documents(request, structure) -> dict | None:
    """The structure's files, its communication leaflet first (convention extranet, art. 2, 2°)."""
    return _documents_panel(
        request,
        Document.objects.filter(structure=structure),
        "Documents de la structure",
        DocumentCategory.LEAFLET,
    )


def partner_documents(request, partner) -> dict | None:
    return _documents_panel(
        request,
        Document.objects.filter(partner=partner),
        "Documentation du partenaire",
        DocumentCategory.PARTNER_DOCUMENTATION,
    )
