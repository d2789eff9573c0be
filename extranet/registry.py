"""What feature apps add to the core: navigation entries, home panels and search sources.

The core imports no feature app. Each app registers its contributions in `AppConfig.ready()`:

    from extranet import registry
    registry.register_nav(registry.NavEntry("Annuaire", "annuaire:structure_list", order=10))
    registry.register_home_panel(registry.HomePanel("annuaire/panels/membership.html", get_context, order=10))

A home panel's `get_context(request)` returns the template context, or None to show nothing: the home
page shows only panels that have something to say.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    order: int = 100
    # Optional test on the user; the entry is shown when it returns True.
    visible: Callable[[object], bool] | None = None

    def is_visible_to(self, user) -> bool:
        return self.visible is None or self.visible(user)


@dataclass(frozen=True)
class HomePanel:
    template_name: str
    get_context: Callable[[HttpRequest], dict | None]
    order: int = 100


@dataclass(frozen=True)
class SearchSource:
    """A kind of thing the site-wide search looks into.

    `search(request, query)` returns an iterable of `SearchHit` visible to `request.user`.
    """

    label: str
    search: Callable[[HttpRequest, str], Iterable["SearchHit"]]
    order: int = 100


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    excerpt: str = ""
    kind: str = ""
    rank: float = field(default=0.0, compare=False)


_nav: list[NavEntry] = []
_home_panels: list[HomePanel] = []
_search_sources: list[SearchSource] = []


def _add(items: list, item) -> None:
    # ready() may run twice (e.g. in some test set-ups); keep one copy of each contribution.
    if item not in items:
        items.append(item)


def register_nav(entry: NavEntry) -> None:
    _add(_nav, entry)


def register_home_panel(panel: HomePanel) -> None:
    _add(_home_panels, panel)


def register_search_source(source: SearchSource) -> None:
    _add(_search_sources, source)


def nav_entries_for(user) -> list[NavEntry]:
    return [entry for entry in sorted(_nav, key=lambda e: e.order) if entry.is_visible_to(user)]


def home_panels() -> list[HomePanel]:
    return sorted(_home_panels, key=lambda p: p.order)


def search_sources() -> list[SearchSource]:
    return sorted(_search_sources, key=lambda s: s.order)
