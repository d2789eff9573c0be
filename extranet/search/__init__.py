"""The site-wide search and the list filters: one mechanism over every `SearchSource` the apps register.

How an app adds a source, in three steps:

1. its model inherits `models.SearchableText`, says what to index in `text_for_search()` and adds
   `models.search_index("<name>")` to its `Meta.indexes` (a GIN index on PostgreSQL, nothing on
   SQLite: see `models.SearchIndex`);
2. a function `search(request, query)` returns `models.HitList(qs, query, to_hit)`, where `qs` holds
   only what `request.user` may see and `to_hit` turns an object into a `SearchHit`;
3. `registry.register_search_source(SearchSource("Actualités", search, order=20))` in `ready()`.

The list filters of the apps (the directory's « Nom ou commune », « Qui contacter ? », the news and
files catalogue) call `search_queryset()`, which matches and ranks the same way; the site-wide search
ranks only a bounded number of matches per source (`models.HitList`).

Modules: `text` (the normalised form, `search_key`, and highlighting), `models` (mixin, index,
queryset helpers), `views` (the search page).
"""
