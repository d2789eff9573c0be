"""What news and files add to the site-wide search (see `extranet.search`)."""

from django.utils.text import Truncator

from extranet.registry import SearchHit
from extranet.search.models import HitList
from fichiers.models import Document, News

EXCERPT_WORDS = 30


def _archived(obj) -> str:
    return " (archivé)" if obj.is_archived else ""


def search_news(request, query: str) -> HitList:
    # Archived news stay searchable: archiving only marks them (docs/decisions.md, charter rules).
    news = News.objects.visible_to(request.user).published()

    def to_hit(item: News) -> SearchHit:
        return SearchHit(
            title=item.title,
            url=item.get_absolute_url(),
            excerpt=Truncator(item.summary).words(EXCERPT_WORDS),
            kind=f"{item.get_category_display()}, {item.published_at:%d/%m/%Y}{_archived(item)}",
            rank=item.search_rank,
        )

    return HitList(news.only("title", "summary", "category", "published_at", "archived_at"), query, to_hit)


def search_documents(request, query: str) -> HitList:
    documents = Document.objects.visible_to(request.user)

    def to_hit(document: Document) -> SearchHit:
        return SearchHit(
            title=document.title,
            url=document.get_absolute_url(),
            excerpt=Truncator(document.description).words(EXCERPT_WORDS),
            kind=f"{document.get_category_display()}, {document.year}{_archived(document)}",
            rank=document.search_rank,
        )

    return HitList(documents.only("title", "description", "category", "year", "archived_at"), query, to_hit)
