"""What feature apps add to the core: navigation entries, home panels, object panels and search sources.

The core imports no feature app. Each app registers its contributions in `AppConfig.ready()`:

    from extranet import registry
    registry.register_nav(registry.NavEntry("Annuaire", "annuaire:structure_list", order=10))
    registry.register_home_panel(registry.HomePanel("annuaire/panels/membership.html", get_context, order=10))

A home panel's `get_context(request)` returns the template context, or None to show nothing: the home
page shows only panels that have something to say. A panel that names the fragment topics of what it
reads (`topics=("calendrier", "annuaire")`, extranet/fragments.py) is rendered once per `vary(request)`
(by default the person and the day) until one of those topics changes.

A home link is a shortcut to a page that follows the whole network (the charter table, the partners'
answer delays): the home page gathers the links the user may follow in one « Suivi du réseau » card.

An admin section groups models on the admin home by task, in French (« Annuaire », « Forum »…): each
app names its own models there; a technical section (machina's permissions and read tracking) is kept
off the admin home.

An object panel is the same idea for the page of one object owned by another app (e.g. the files of a
structure on its directory page): `get_context(request, obj)` returns the context or None, and the
owning page prints `{% object_panels obj %}` (`{% load panels %}`) without knowing who contributes.

« Mon compte » gathers what each app lets a member choose: an `EmailSetting` is one e-mail they may
turn off (all of them make the page's one notifications form), an account panel (a `HomePanel`
registered with `register_account_panel`) a section of the page (e.g. the calendar subscription).

A guichet account (town-hall secretariat, MDS) reaches nothing but its home, its account, the legal
pages and the pages an app declares open to it with `open_to_guichet("app:url_name", …)`;
`extranet.middleware.GuichetScopeMiddleware` refuses every other URL. Nav entries and home links
to other pages are hidden from it, and so are panels and e-mail settings not marked
`open_to_guichet=True`.

A figure provider lets an app count something another app reports without either importing the
other: `FigureProvider(name, get)` where `get(structure, first_day, last_day)` gives the figures of
one structure over a period (both days included), or None when it does not know them. Each name
says what `get` returns: for `ITINERANT_PASSAGES` (registered by the itinérance app), an
`ItinerantFigures` of the passages an itinerant unit held. The quarterly reports ask
`figure_provider(name)`, prefill their matching fields, and say « non disponible » while nobody has
registered it.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils import timezone

from extranet.enums import Role


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    order: int = 100
    # Optional test on the user; the entry is shown when it returns True.
    visible: Callable[[object], bool] | None = None

    def is_visible_to(self, user) -> bool:
        return reaches(user, self.url_name) and (self.visible is None or self.visible(user))


def person_and_day(request: HttpRequest) -> tuple:
    """What a home panel shows besides its data: whose panel it is (and their role), and the day."""
    user = request.user
    return (user.pk, user.role, user.is_staff, user.is_superuser, timezone.localdate())


@dataclass(frozen=True)
class HomePanel:
    template_name: str
    get_context: Callable[[HttpRequest], dict | None]
    order: int = 100
    # Shown to guichet accounts too (their requests, the schedule); other panels are not.
    open_to_guichet: bool = False
    # The fragment topics (extranet/fragments.py) of every model the panel reads: the home page keeps
    # it rendered until one changes. A panel without topics is rendered at every view.
    topics: tuple[str, ...] = ()
    # Everything else the panel depends on, without a query: the person, the day, the hour…
    vary: Callable[[HttpRequest], tuple] = person_and_day

    def is_visible_to(self, user) -> bool:
        return self.open_to_guichet or not is_guichet(user)


@dataclass(frozen=True)
class HomeLink:
    label: str
    url_name: str
    # Test on the user: the link is shown to the people the page is for, not to everybody who may open it.
    visible: Callable[[object], bool]
    description: str = ""
    order: int = 100


@dataclass(frozen=True)
class AdminSection:
    title: str
    # "app_label" (all its models) or "app_label.ModelName".
    models: tuple[str, ...]
    order: int = 100
    technical: bool = False

    def holds(self, model_label: str) -> bool:
        return model_label in self.models or model_label.split(".")[0] in self.models


@dataclass(frozen=True)
class ObjectPanel:
    model_label: str  # "app_label.ModelName", as in `obj._meta.label`
    template_name: str
    get_context: Callable[[HttpRequest, object], dict | None]
    order: int = 100


@dataclass(frozen=True)
class EmailSetting:
    """One kind of e-mail a member may turn off, shown as a checkbox in « Mon compte »."""

    name: str  # the form field's name, unique across apps
    label: str
    get: Callable[[object], bool]  # user -> does this person receive it?
    set: Callable[[object, bool], None]  # (user, receive) -> record the choice
    help_text: str = ""
    order: int = 100
    # Optional test on the user; the setting is offered when it returns True.
    visible: Callable[[object], bool] | None = None
    open_to_guichet: bool = False

    def is_visible_to(self, user) -> bool:
        if is_guichet(user) and not self.open_to_guichet:
            return False
        return self.visible is None or self.visible(user)

    @classmethod
    def from_field(cls, model, field_name: str, **kwargs) -> "EmailSetting":
        """A setting kept in a boolean field of a one-row-per-person model (its `user` field); a
        person without a row gets the field's default. Label and help come from the field."""
        field = model._meta.get_field(field_name)

        def get(user) -> bool:
            value = model.objects.filter(user=user).values_list(field_name, flat=True).first()
            return field.default if value is None else value

        def set_(user, value: bool) -> None:
            model.objects.update_or_create(user=user, defaults={field_name: value})

        kwargs.setdefault("name", f"{model._meta.model_name}_{field_name}")
        kwargs.setdefault("label", field.verbose_name)
        kwargs.setdefault("help_text", field.help_text)
        return cls(get=get, set=set_, **kwargs)


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


@dataclass(frozen=True)
class ItinerantFigures:
    """What an itinerant structure's passages held over a period recorded: counts only.

    A count is None when no passage of the period recorded it (unknown, not zero); `passages` and
    `passages_without_counts` are always known.
    """

    passages: int  # passages held (not the cancelled, stopped or still planned ones)
    passages_without_counts: int  # held, but nobody has typed their figures yet
    people_received: int | None = None
    level_1: int | None = None  # requests dealt with on the spot
    level_2: int | None = None  # requests handed to a partner's referent
    oriented_to_mds: int | None = None  # people sent to a maison départementale des solidarités
    digital_sessions: int | None = None  # one-to-one help with digital tools
    # {partner id: people received for that partner}; the rows with a theme only are left out.
    people_by_partner: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FigureProvider:
    """Figures one app counts for others to report: `get(structure, first_day, last_day)` (see the
    module's docstring for what each name returns)."""

    name: str
    get: Callable[[object, dt.date, dt.date], object | None]


# The figures the reporting app knows how to show (the provider names apps may register).
ITINERANT_PASSAGES = "itinerant_passages"  # get() returns ItinerantFigures


_nav: list[NavEntry] = []
_home_panels: list[HomePanel] = []
_home_links: list[HomeLink] = []
_admin_sections: list[AdminSection] = []
_object_panels: list[ObjectPanel] = []
_search_sources: list[SearchSource] = []
_email_settings: list[EmailSetting] = []
_account_panels: list[HomePanel] = []
_open_to_guichet: set[str] = set()
_figure_providers: dict[str, FigureProvider] = {}


def _add(items: list, item) -> None:
    # ready() may run twice (e.g. in some test set-ups); keep one copy of each contribution.
    if item not in items:
        items.append(item)


def register_nav(entry: NavEntry) -> None:
    _add(_nav, entry)


def register_home_panel(panel: HomePanel) -> None:
    _add(_home_panels, panel)


def register_home_link(link: HomeLink) -> None:
    _add(_home_links, link)


def register_admin_section(section: AdminSection) -> None:
    _add(_admin_sections, section)


def register_object_panel(panel: ObjectPanel) -> None:
    _add(_object_panels, panel)


def register_search_source(source: SearchSource) -> None:
    _add(_search_sources, source)


def register_email_setting(setting: EmailSetting) -> None:
    # By name: from_field() makes new functions at each call, so equality would not deduplicate.
    if all(item.name != setting.name for item in _email_settings):
        _email_settings.append(setting)


def register_account_panel(panel: HomePanel) -> None:
    _add(_account_panels, panel)


def open_to_guichet(*url_names: str) -> None:
    """Declare pages (namespaced URL names) that guichet accounts may open."""
    _open_to_guichet.update(url_names)


def is_guichet(user) -> bool:
    return getattr(user, "role", None) == Role.GUICHET


def reaches(user, url_name: str) -> bool:
    """Whether `user`'s role lets them open the pages of `url_name` (only guichet accounts are fenced;
    the page's own permission check still applies)."""
    return not is_guichet(user) or url_name in _open_to_guichet


def register_figure_provider(provider: FigureProvider) -> None:
    # One provider per figure: a second registration (ready() run twice) replaces the first.
    _figure_providers[provider.name] = provider


def figure_provider(name: str) -> FigureProvider | None:
    return _figure_providers.get(name)


def nav_entries_for(user) -> list[NavEntry]:
    return [entry for entry in sorted(_nav, key=lambda e: e.order) if entry.is_visible_to(user)]


def home_panels() -> list[HomePanel]:
    return sorted(_home_panels, key=lambda p: p.order)


def home_panels_for(user) -> list[HomePanel]:
    return [panel for panel in home_panels() if panel.is_visible_to(user)]


def home_links_for(user) -> list[HomeLink]:
    return [
        link
        for link in sorted(_home_links, key=lambda link: link.order)
        if reaches(user, link.url_name) and link.visible(user)
    ]


def admin_sections() -> list[AdminSection]:
    return sorted(_admin_sections, key=lambda s: s.order)


def panels_with_context(panels: Iterable[HomePanel], request: HttpRequest) -> list[dict]:
    """[{"template_name": …, "context": …}] of the panels that have something to show."""
    found = []
    for panel in panels:
        context = panel.get_context(request)
        if context:
            found.append({"template_name": panel.template_name, "context": context})
    return found


def object_panels_for(request: HttpRequest, obj) -> list[dict]:
    """The panels to show on `obj`'s page: [{"template_name": …, "context": …}], in order."""
    found = []
    for panel in sorted(_object_panels, key=lambda p: p.order):
        if panel.model_label == obj._meta.label:
            context = panel.get_context(request, obj)
            if context:
                found.append({"template_name": panel.template_name, "context": context})
    return found


def search_sources() -> list[SearchSource]:
    return sorted(_search_sources, key=lambda s: s.order)


def email_settings_for(user) -> list[EmailSetting]:
    return [item for item in sorted(_email_settings, key=lambda s: s.order) if item.is_visible_to(user)]


def account_panels() -> list[HomePanel]:
    return sorted(_account_panels, key=lambda p: p.order)


def account_panels_for(user) -> list[HomePanel]:
    return [panel for panel in account_panels() if panel.is_visible_to(user)]
