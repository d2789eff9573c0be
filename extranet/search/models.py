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
from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.backends.ddl_references import Statement
from django.db.models import Case, Count, F, Q, Value, When, Window
from django.db.models.expressions import RawSQL
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


# Copies kept for the search only (the stored vector is the widest column of a row): lists and pages
# that show none of them leave them out with `.defer(*SEARCH_COLUMNS)`.
SEARCH_COLUMNS = ("search_title", "search_body", "search_document")


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


def _matching(queryset: models.QuerySet, terms: list[str]) -> models.QuerySet:
    """`queryset` narrowed to the rows holding every term of `terms` (as word prefixes on PostgreSQL)."""
    if connections[queryset.db].vendor == "postgresql":
        # Filter with the match operator (@@), which the GIN index answers: ts_rank alone is above
        # zero for partial matches too.
        return queryset.filter(search_document=_search_query(terms))
    for term in terms:
        queryset = queryset.filter(Q(search_title__contains=term) | Q(search_body__contains=term))
    return queryset


def _tsquery_text(terms: list[str]) -> str:
    # Each term as a prefix (`term:*`); the terms are letters and digits only, so the raw syntax
    # cannot be injected. French stop words (« de », « la ») are dropped by the parser.
    return " & ".join(f"{term}:*" for term in terms)


def _search_query(terms: list[str]) -> SearchQuery:
    return SearchQuery(_tsquery_text(terms), config="french", search_type="raw")


def _rank(terms: list[str], vendor: str) -> models.Expression:
    """How well a matching row answers `terms`: `ts_rank` of the stored vector on PostgreSQL; on
    SQLite, one point per term and two for a term found in the title."""
    if vendor == "postgresql":
        return SearchRank(F("search_document"), _search_query(terms))
    title_matches = [
        Case(When(search_title__contains=term, then=Value(2.0)), default=Value(1.0)) for term in terms
    ]
    return sum(title_matches[1:], start=title_matches[0])


def _ordering(queryset: models.QuerySet) -> list:
    return [*queryset.query.order_by] or [*queryset.model._meta.ordering]


def search_queryset(queryset: models.QuerySet, query: str) -> models.QuerySet:
    """`queryset` (of a `SearchableText` model) narrowed to `query`, best first, with `search_rank`.

    A query with no word at all leaves `queryset` as it is (an empty filter filters nothing).
    Every match is ranked: the list filters show a few hundred rows at most. The site-wide search
    ranks a bounded number per source instead (`HitList`).
    """
    terms = search_terms(query)
    if not terms:
        return queryset.none() if query.strip() else queryset
    ordering = _ordering(queryset)
    rank = _rank(terms, connections[queryset.db].vendor)
    return _matching(queryset, terms).annotate(search_rank=rank).order_by("-search_rank", *ordering)


# How many matches of one source the site-wide search ranks and counts. Beyond, the page says
# « plus de 500 résultats » (docs/decisions.md, « Search: a bounded ranking per source »).
RANKED_MATCHES = 500
# How many of a source's rows are read in table order before its GIN index is asked (`_first_matches`).
ROWS_READ_FIRST = 2_000


def _first_matches(queryset: models.QuerySet, terms: list[str], limit: int):
    """The keys of `limit` rows of `queryset` that match `terms` (all of them if fewer), as a subquery
    for `pk__in`.

    On PostgreSQL, the GIN index gathers every match before it hands over the first one: 20,000 posts
    for « dossier logement », in time that grows with them. Reading the table finds words present in
    most rows at once, but would read all of it for a rare word. The planner cannot choose between
    the two: it guesses that a prefix (« dossier:* ») matches a small share of the rows whatever the
    words. So one statement does both, in turn: it reads the first `ROWS_READ_FIRST` rows of
    `queryset` (a derived table with its own LIMIT, which the planner cannot turn into an index
    scan), and asks the index only when they hold fewer than `limit` matches (a one-time filter, so
    that branch does not even start otherwise): the words are then rarer, and their matches fewer.
    """
    matches = _matching(queryset, terms).order_by().values("pk")[:limit]
    if connections[queryset.db].vendor != "postgresql":
        return matches  # SQLite has no index to choose: it reads the table until it has them
    first_rows = queryset.order_by().values_list("pk", "search_document")[:ROWS_READ_FIRST]
    try:
        first_rows_sql, first_rows_params = first_rows.query.sql_with_params()
        matches_sql, matches_params = matches.query.sql_with_params()
    except EmptyResultSet:  # nothing the person may see (`none()`, or a filter on an empty list)
        return []
    # Every piece of SQL here is the ORM's own or a constant; the words are parameters.
    return RawSQL(
        f"""WITH found_first AS MATERIALIZED (
                SELECT pk FROM ({first_rows_sql}) AS first_rows (pk, document)
                WHERE document @@ to_tsquery('french', %s) LIMIT %s
            )
            SELECT pk FROM (
                SELECT pk FROM found_first
                UNION
                SELECT pk FROM ({matches_sql}) AS indexed (pk)
                WHERE (SELECT count(*) FROM found_first) < %s
            ) AS found LIMIT %s""",  # noqa: S608
        [*first_rows_params, _tsquery_text(terms), limit, *matches_params, limit, limit],
    )


class HitList:
    """The hits of one source for the site-wide search, ranked among its first `RANKED_MATCHES` matches.

    `queryset` holds what the person may see (not yet searched); `query` is what they typed. The
    matches are taken in the order the database finds them (`_first_matches`), at most
    `RANKED_MATCHES` + 1 — one more tells that there are more. Only those are ranked and counted,
    so a search costs about the same whatever the size of the network: below the bound every match
    is ranked; above it the words do not tell the rows apart anyway, and the page asks for one more
    word.

    `page(start, stop)` asks in two queries: the page's keys ranked among those matches with their
    number (`COUNT(*) OVER ()`), then the page's rows by key, with the related objects the source
    asks for (joined for the page's few rows, not for every match ranked).
    """

    def __init__(
        self,
        queryset: models.QuerySet,
        query: str,
        to_hit: Callable[[models.Model], registry.SearchHit],
    ):
        self.queryset = queryset
        self.terms = search_terms(query)
        self.to_hit = to_hit

    def _found(self) -> models.QuerySet:
        """The rows of the first `RANKED_MATCHES` + 1 matches, looked up by key alone."""
        if not self.terms:
            return self.queryset.model._base_manager.none()
        keys = _first_matches(self.queryset, self.terms, RANKED_MATCHES + 1)
        return self.queryset.model._base_manager.filter(pk__in=keys)

    def count(self) -> int:
        """The number of matches, at most `RANKED_MATCHES` + 1 (« more than `RANKED_MATCHES` »)."""
        return self._found().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[registry.SearchHit]:
        return self.page(index.start or 0, index.stop)[0]

    def page(self, start: int, stop: int) -> tuple[list[registry.SearchHit], int | None]:
        """The hits from `start` to `stop` (below `RANKED_MATCHES`) and the number of matches found,
        at most `RANKED_MATCHES` + 1; None for that number when the page is past the last hit (the
        rows that would carry it are not there)."""
        vendor = connections[self.queryset.db].vendor
        ranked = list(
            self._found()
            .annotate(search_rank=_rank(self.terms, vendor), search_found=Window(Count("*")))
            .order_by("-search_rank", *_ordering(self.queryset))
            .values_list("pk", "search_rank", "search_found")[start : min(stop, RANKED_MATCHES)]
        )
        if not ranked:
            return [], 0 if start == 0 else None
        rows = self.queryset.model._base_manager.all()
        rows.query.select_related = self.queryset.query.select_related
        rows.query.deferred_loading = self.queryset.query.deferred_loading
        rows = rows.in_bulk([pk for pk, _rank, _found in ranked])
        hits = []
        for pk, rank, _found in ranked:
            if pk in rows:  # else deleted since
                rows[pk].search_rank = rank
                hits.append(self.to_hit(rows[pk]))
        return hits, ranked[0][2]
