from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from annuaire.models import Partner, Structure

PAGE_SIZE = 25


def structure_list(request):
    structures = Structure.objects.select_related("commune").order_by("name")
    page = Paginator(structures, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "annuaire/structure_list.html", {"page": page})


def structure_detail(request, slug):
    structure = get_object_or_404(Structure.objects.select_related("commune"), slug=slug)
    counsellors = [m.user for m in structure.memberships.active().select_related("user")]
    return render(
        request, "annuaire/structure_detail.html", {"structure": structure, "counsellors": counsellors}
    )


def partner_list(request):
    page = Paginator(Partner.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "annuaire/partner_list.html", {"page": page})


def partner_detail(request, slug):
    partner = get_object_or_404(Partner, slug=slug)
    referents = [m.user for m in partner.memberships.active().select_related("user")]
    return render(request, "annuaire/partner_detail.html", {"partner": partner, "referents": referents})
