"""The site-wide search page: every registered source, a few hits each, or one source paged."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.text import slugify

from extranet import registry
from extranet.search.models import RANKED_MATCHES
from extranet.search.text import MAX_QUERY_LENGTH, search_terms
from extranet.text import strip_control_characters

HITS_PER_SOURCE = 5  # on the overview, before "see all results"
PAGE_SIZE = 20


class HitPaginator(Paginator):
    """Django's paginator over a `HitList`, whose page and number of matches come in one query
    (`HitList.page`). At most `RANKED_MATCHES` are counted and paged; `capped` says there are more."""

    def get_page(self, number):
        try:
            number = max(1, int(number))
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        hits, found = self.object_list.page(bottom, bottom + self.per_page)
        if found is None:  # past the last page: show the last one, as Paginator.get_page does
            return super().get_page(number)
        self.__dict__["found"] = found  # a cached_property: the ranking query already told
        return self._get_page(hits, number, self)

    @cached_property
    def found(self) -> int:
        return self.object_list.count()

    @property
    def count(self) -> int:
        return min(self.found, RANKED_MATCHES)

    @property
    def capped(self) -> bool:
        return self.found > RANKED_MATCHES


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
                page = HitPaginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
            else:
                page = HitPaginator(hits, HITS_PER_SOURCE).get_page(1)
            capped = page.paginator.capped
            groups.append({"key": key, "label": source.label, "page": page, "capped": capped})
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
