"""What a model needs to be searched: the normalised columns, their index, and the ranked queryset.

The indexed text is kept in two columns, the title and the rest. On PostgreSQL the database also
keeps their French full-text vector (title weighted above body) in a stored generated column,
`search_document`, GIN-indexed: the search matches through the index and ranks with `ts_rank` on the
stored vector, without parsing any text again (docs/decisions.md, « Search: a stored vector »). On
SQLite that column is empty: every word must appear in the text columns and words found in the title
rank higher. On both, each typed word matches the words that start with it (« lagu » finds
« Laguépie »), as people type in a filter box.
"""

from collections.abc import Callable

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connections, models
from django.db.backends.ddl_references import Statement
from django.db.models import Case, Count, F, Q, Value, When, Window
from django.utils.deconstruct import deconstructible

from extranet import registry
from extranet.search.text import search_key, search_terms


def search_vector() -> SearchVector:
    """The French full-text vector of a `SearchableText` row, the title weighted above the body."""
    return SearchVector("search_title", weight="A", config="french") + SearchVector(
        "search_body", weight="B", config="french"
    )


@deconstructible(path="extranet.search.models.SearchDocument")
class SearchDocument(models.ExpressionWrapper):
    """What the database stores in `search_document`: the vector on PostgreSQL, NULL on SQLite (which
    has no full-text vector and searches the text columns instead)."""

    def __init__(self):
        super().__init__(search_vector(), output_field=SearchVectorField())

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


class SearchableText(models.Model):
    """Keeps the normalised copies of what the search looks into in step with the object on save;
    the database derives the stored vector from them (bulk_create and update() included)."""

    search_title = models.TextField(editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    search_document = models.GeneratedField(
        expression=SearchDocument(), output_field=SearchVectorField(null=True), db_persist=True
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_title", "search_body"}
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        title, body = self.text_for_search()
        self.search_title, self.search_body = search_key(title), search_key(body)

    def text_for_search(self) -> tuple[str, str]:
        """(title, everything else) as the search should see them."""
        raise NotImplementedError


class SearchIndex(GinIndex):
    """A GIN index that exists on PostgreSQL only; on other databases its SQL is an empty comment.

    SQLite has no GIN index (it searches the same columns with LIKE). Skipping the index only in the
    migration that adds it is not enough: SQLite rebuilds a table for many later changes (a column
    becoming nullable, say) and recreates every index the migration state holds, so the index itself
    must know where it can exist.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Statement("/* %(name)s: PostgreSQL only */", name=self.name)
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Statement("/* %(name)s: PostgreSQL only */", name=self.name)
        return super().remove_sql(model, schema_editor, **kwargs)


def search_index(name: str) -> SearchIndex:
    """A GIN index over the stored `search_document`, for the `Meta.indexes` of a `SearchableText` model."""
    return SearchIndex(fields=["search_document"], name=name)


def search_queryset(queryset: models.QuerySet, query: str) -> models.QuerySet:
    """`queryset` (of a `SearchableText` model) narrowed to `query`, best first, with `search_rank`.

    A query with no word at all leaves `queryset` as it is (an empty filter filters nothing).
    """
    terms = search_terms(query)
    if not terms:
        return queryset.none() if query.strip() else queryset
    ordering = [*queryset.query.order_by] or [*queryset.model._meta.ordering]
    if connections[queryset.db].vendor == "postgresql":
        vector = F("search_document")
        # Each term as a prefix (`term:*`); the terms are letters and digits only, so the raw
        # syntax cannot be injected. French stop words (« de », « la ») are dropped by the parser.
        search_query = SearchQuery(
            " & ".join(f"{term}:*" for term in terms), config="french", search_type="raw"
        )
        # Filter with the match operator (@@): ts_rank alone is above zero for partial matches too.
        queryset = queryset.filter(search_document=search_query)
        queryset = queryset.annotate(search_rank=SearchRank(vector, search_query))
    else:
        for term in terms:
            queryset = queryset.filter(Q(search_title__contains=term) | Q(search_body__contains=term))
        title_matches = [
            Case(When(search_title__contains=term, then=Value(2.0)), default=Value(1.0)) for term in terms
        ]
        queryset = queryset.annotate(search_rank=sum(title_matches[1:], start=title_matches[0]))
    return queryset.order_by("-search_rank", *ordering)


class HitList:
    """A lazy list of `SearchHit` over a queryset, so that the paginator fetches one page only.

    `page(start, stop)` asks in two queries: the page's keys with their rank and the number of all
    hits (`COUNT(*) OVER ()`, computed by the database over the matches it ranks anyway), then the
    page's rows by key. With frequent words the matches are thousands of rows: ranking and counting
    them is narrow (three numbers a row), and the wide rows (texts, joined topics and forums) are
    read for the page alone (docs/decisions.md, « Search: a stored vector, a narrow ranking per source »).
    """

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

    def page(self, start: int, stop: int) -> tuple[list[registry.SearchHit], int | None]:
        """The hits from `start` to `stop` and the number of all hits; None for that number when the
        page is past the last hit (the rows that would carry it are not there)."""
        ranked = list(
            self.queryset.annotate(search_total=Window(Count("*"))).values_list(
                "pk", "search_rank", "search_total"
            )[start:stop]
        )
        if not ranked:
            return [], 0 if start == 0 else None
        rows = self._rows([pk for pk, _rank, _total in ranked])
        hits = []
        for pk, rank, _total in ranked:
            row = rows.get(pk)
            if row is None:  # deleted between the two queries
                continue
            row.search_rank = rank
            hits.append(self.to_hit(row))
        return hits, ranked[0][2]

    def _rows(self, keys: list) -> dict:
        """The objects of `keys`, loaded as the queryset loads them (same related objects and fields)
        but looked up by key alone: the search filters were applied when the keys were chosen."""
        rows = self.queryset.model._base_manager.all()
        rows.query.select_related = self.queryset.query.select_related
        rows.query.deferred_loading = self.queryset.query.deferred_loading
        return rows.in_bulk(keys)
