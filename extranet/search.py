"""The site-wide search: one page over every `SearchSource` the apps register (see `registry`).

How an app adds a source, in three steps:

1. its model inherits `SearchableText`, says what to index in `text_for_search()` and adds
   `search_index("<name>")` to its `Meta.indexes` (created by `AddIndexOnPostgreSQL` in the migration);
2. a function `search(request, query)` returns `HitList(search_queryset(qs, query), to_hit)`, where
   `qs` holds only what `request.user` may see and `to_hit` turns an object into a `SearchHit`;
3. `registry.register_search_source(SearchSource("Actualités", search, order=20))` in `ready()`.

Matching is accent- and case-insensitive on every database because the indexed text is stored already
normalised (`search_key`) in two columns, the title and the rest. On PostgreSQL they feed a French
full-text search ranked with `ts_rank` (title weighted above body); on SQLite every word must appear
and words found in the title rank higher. Normalising in Python rather than with PostgreSQL's
`unaccent` keeps both databases in step and needs no extension (hence no superuser) in production.
"""

from collections.abc import Callable

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connections, migrations, models
from django.db.models import Case, Q, Value, When
from django.shortcuts import render
from django.utils.text import slugify

from extranet import registry
from extranet.text import strip_accents

# Ligatures that Unicode decomposition leaves alone but people type as two letters.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "Œ": "oe", "Æ": "ae"})

MAX_QUERY_LENGTH = 200
HITS_PER_SOURCE = 5  # on the overview, before "see all results"
PAGE_SIZE = 20


def search_key(text: str) -> str:
    """Lower-case, accent-free, single-spaced form of `text` (identical on every database)."""
    return " ".join(strip_accents((text or "").translate(_LIGATURES)).casefold().split())


class SearchableText(models.Model):
    """Keeps the normalised copies of what the search looks into in step with the object on save."""

    search_title = models.TextField(editable=False, default="")
    search_body = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        title, body = self.text_for_search()
        self.search_title, self.search_body = search_key(title), search_key(body)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_title", "search_body"}
        super().save(*args, **kwargs)

    def text_for_search(self) -> tuple[str, str]:
        """(title, everything else) as the search should see them."""
        raise NotImplementedError


def search_vector() -> SearchVector:
    """The French full-text vector of a `SearchableText` row, the title weighted above the body."""
    return SearchVector("search_title", weight="A", config="french") + SearchVector(
        "search_body", weight="B", config="french"
    )


def search_index(name: str) -> GinIndex:
    """A GIN index over `search_vector()`, for the `Meta.indexes` of a `SearchableText` model.

    Without it PostgreSQL computes every row's vector at each search. Create it in the migration with
    `AddIndexOnPostgreSQL` (SQLite has no GIN index; it searches the same columns with LIKE).
    """
    return GinIndex(search_vector(), name=name)


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """`AddIndex` that only touches PostgreSQL databases; the migration state is the same everywhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def search_queryset(queryset: models.QuerySet, query: str) -> models.QuerySet:
    """`queryset` (of a `SearchableText` model) narrowed to `query`, best first, with `search_rank`."""
    key = search_key(query)[:MAX_QUERY_LENGTH]
    if not key:
        return queryset.none()
    ordering = [*queryset.query.order_by] or [*queryset.model._meta.ordering]
    if connections[queryset.db].vendor == "postgresql":
        vector = search_vector()
        search_query = SearchQuery(key, config="french", search_type="websearch")
        # Filter with the match operator (@@): ts_rank alone is above zero for partial matches too.
        queryset = queryset.annotate(search_vector=vector).filter(search_vector=search_query)
        queryset = queryset.annotate(search_rank=SearchRank(vector, search_query))
    else:
        words = key.split()
        for word in words:
            queryset = queryset.filter(Q(search_title__contains=word) | Q(search_body__contains=word))
        title_matches = [
            Case(When(search_title__contains=word, then=Value(2.0)), default=Value(1.0)) for word in words
        ]
        queryset = queryset.annotate(search_rank=sum(title_matches[1:], start=title_matches[0]))
    return queryset.order_by("-search_rank", *ordering)


class HitList:
    """A lazy list of `SearchHit` over a queryset, so that the paginator fetches one page only."""

    def __init__(self, queryset: models.QuerySet, to_hit: Callable[[models.Model], registry.SearchHit]):
        self.queryset = queryset
        self.to_hit = to_hit

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.to_hit(obj) for obj in self.queryset[index]]
        return self.to_hit(self.queryset[index])


def search_view(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    chosen = request.GET.get("source", "")
    sources = [(slugify(source.label), source) for source in registry.search_sources()]
    groups = []
    if search_key(query):
        for key, source in sources:
            if chosen and key != chosen:
                continue
            hits = source.search(request, query)
            if chosen:
                page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
            else:
                page = Paginator(hits, HITS_PER_SOURCE).get_page(1)
            groups.append({"key": key, "label": source.label, "page": page})
    return render(
        request,
        "extranet/search.html",
        {
            "query": query,
            "chosen": chosen,
            "sources": sources,
            "groups": groups,
            "total": sum(group["page"].paginator.count for group in groups),
        },
    )
