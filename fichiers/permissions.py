"""Who may do what with news and files. Every view goes through these helpers, on every object.

Reading is open to every active member (the catalogue and the news are shared by the whole network);
writing is limited:
- publishing: counsellors, referents, itinerant agents and the CCI (pilotage reads only);
- a news item: its author and the CCI;
- a catalogue entry (details, new version): its uploader, the people who speak for its structure or
  partner (`annuaire.affiliations`), and the CCI;
- the source of a publication: a structure or partner the person speaks for (any for the CCI);
- pinning a news item: the CCI only.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from annuaire.affiliations import Affiliations
from extranet.enums import Role
from fichiers.models import Document, FileVersion, News

PUBLISHING_ROLES = (Role.CONSEILLER, Role.REFERENT, Role.ITINERANT)


def is_member(user) -> bool:
    return user.is_authenticated and user.is_active


def can_publish(user) -> bool:
    return is_member(user) and (Affiliations.of(user).runs_network or user.role in PUBLISHING_ROLES)


def can_pin(user) -> bool:
    return Affiliations.of(user).runs_network


def structures_for(user):
    """The structures `user` may name as the source of a publication."""
    return Affiliations.of(user).structures()


def partners_for(user):
    return Affiliations.of(user).partners()


def can_edit_news(user, news: News) -> bool:
    return can_publish(user) and (Affiliations.of(user).runs_network or news.author_id == user.pk)


def can_edit_document(user, document: Document) -> bool:
    if not can_publish(user):
        return False
    affiliations = Affiliations.of(user)
    return (
        document.uploaded_by_id == user.pk
        or affiliations.speaks_for_structure(document.structure_id)
        or affiliations.speaks_for_partner(document.partner_id)
    )


def get_news_for_user(request, pk: int, write: bool = False) -> News:
    """The news item for this request: 404 when it is not visible, 403 when `write` is not allowed."""
    news = get_object_or_404(News.objects.visible_to(request.user).with_listing(), pk=pk)
    if write and not can_edit_news(request.user, news):
        raise PermissionDenied("Seuls l'auteur et l'équipe d'animation peuvent modifier cette actualité.")
    return news


def get_document_for_user(request, pk: int, write: bool = False) -> Document:
    document = get_object_or_404(Document.objects.visible_to(request.user).with_listing(), pk=pk)
    if write and not can_edit_document(request.user, document):
        raise PermissionDenied(
            "Seuls les membres de la structure ou du partenaire concerné peuvent modifier ce fichier."
        )
    return document


def get_version_for_user(request, pk: int) -> FileVersion:
    return get_object_or_404(
        FileVersion.objects.select_related("document").filter(
            document__in=Document.objects.visible_to(request.user)
        ),
        pk=pk,
    )


def require_publisher(user) -> None:
    if not can_publish(user):
        raise PermissionDenied("Votre rôle ne permet pas de publier sur l'extranet.")
