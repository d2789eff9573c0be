"""The site-wide search page: every registered source, a few hits each, or one source paged."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.text import slugify

from extranet import registry
from extranet.search.models import RANKED_MATCHES
from extranet.search.text import MAX_QUERY_LENGTH, search_terms
from extranet.text import strip_control_characters

HITS_PER_SOURCE = 5  # on the overview, before "see all results"
PAGE_SIZE = 20


def search_view(request):
    # Cut rather than refused when too long: a long paste still searches its first words.
    query = strip_control_characters(request.GET.get("q", "")).strip()[:MAX_QUERY_LENGTH]
    chosen = request.GET.get("source", "")
    sources = [(slugify(source.label), source) for source in registry.search_sources()]
    groups = []
    if search_terms(query):
        for key, source in sources:
            if chosen and key != chosen:
                continue
            hits = source.search(request, query)
            if chosen:
                page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
            else:
                page = Paginator(hits, HITS_PER_SOURCE).get_page(1)
            groups.append({"key": key, "label": source.label, "page": page, "capped": hits.capped})
    return render(
        request,
        "extranet/search.html",
        {
            "query": query,
            "chosen": chosen,
            "sources": sources,
            "groups": groups,
            "total": sum(group["page"].paginator.count for group in groups),
            "capped": any(group["capped"] for group in groups),
            "ranked_matches": RANKED_MATCHES,
        },
    )
