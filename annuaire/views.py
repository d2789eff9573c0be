"""Directory pages. Reading is open to every member; changes go through permissions.py."""

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from annuaire import affiliations, national
from annuaire.charter import (
    CRITERIA,
    NetworkFacts,
    agents_with_training,
    check_structure,
    structures_for_charter,
    summarise,
)
from annuaire.charter import topics as charter_topics
from annuaire.enums import StructureKind
from annuaire.filters import PartnerFilterForm, ReferentFilterForm, StructureFilterForm
from annuaire.forms import (
    ClosureFormSet,
    OpeningHoursFormSet,
    OwnReferentForm,
    PartnerForm,
    PermanenceForm,
    ReferentForm,
    StructureForm,
)
from annuaire.hours_changes import recording_hours_changes
from annuaire.models import Partner, Permanence, Referent, Structure
from annuaire.permissions import (
    can_edit_partner,
    can_edit_structure,
    can_export_network,
    get_own_referent_record,
    get_partner_for_user,
    get_permanence_for_user,
    get_referent_for_user,
    get_structure_for_user,
)
from extranet import fragments
from extranet.search.models import SEARCH_COLUMNS
from extranet.spreadsheets import table_response
from extranet.spreadsheets.writing import CONTENT_TYPES, download_response
from extranet.typography import format_datetime

PAGE_SIZE = 25
# What the other apps' panels on a structure's page read (`{% object_panels %}`): their own topics,
# and the directory's for the viewer's rights and the structure's members.
OBJECT_PANEL_TOPICS = ["annuaire", "fichiers", "calendrier"]


def _page(request, items, size: int = PAGE_SIZE):
    return Paginator(items, size).get_page(request.GET.get("page"))


def _with_next_dates(permanences, today) -> list[tuple[Permanence, list]]:
    return [(permanence, list(permanence.next_occurrences(today))) for permanence in permanences]


def _describe_moment(moment) -> str:
    """ "lundi 23 novembre à 14 h", or "" when there is no such moment."""
    return format_datetime(moment, weekday=True, year=False) if moment else ""


def _post_data(request):
    return request.POST if request.method == "POST" else None


def _mark_verified(request, record):
    """The "Les informations sont à jour" button: the owner confirms the record after checking it."""
    record.mark_verified(request.user)
    messages.success(request, "Merci : la fiche est marquée comme vérifiée et à jour.")
    return redirect(record)


# --- Structures -----------------------------------------------------------------------------------


def _filtered_structures(request):
    form = StructureFilterForm(request.GET or None)
    return form, Structure.objects.select_related("commune").order_by("name")


def _lazy_page(request, form, items, size: int = PAGE_SIZE):
    """The page of `items` filtered by `form`, validated, counted and read only if the template renders
    it: a list's results are in a fragment cached by data version, and a cached copy needs none of it."""
    return SimpleLazyObject(lambda: _page(request, form.filter(items), size))


def structure_list(request):
    form, structures = _filtered_structures(request)
    page = _lazy_page(request, form, structures)
    return render(request, "annuaire/structure_list.html", {"form": form, "page": page})


EXPORT_HEADERS = [
    "Structure",
    "Type",
    "Statut",
    "Adresse",
    "Code postal",
    "Commune",
    "E-mail",
    "Téléphone",
    "Partenaires présents",
]


def _export_rows(structures) -> list[list]:
    return [
        [
            s.name,
            s.get_kind_display(),
            s.get_status_display(),
            s.address,
            s.commune.postal_code,
            s.commune.name,
            s.email,
            s.phone,
            ", ".join(str(p) for p in s.partners.all()),
        ]
        for s in structures.prefetch_related("partners")
    ]


def structure_export(request, file_format: str):
    """The structure list as filtered on screen, for members only (login is required)."""
    form, structures = _filtered_structures(request)
    rows = _export_rows(form.filter(structures))
    filename = f"structures-france-services-82-{timezone.localdate():%Y-%m-%d}"
    return table_response(filename, file_format, EXPORT_HEADERS, rows, title="Structures")


def national_export(request):
    """The directory in the national list's format, for the steering staff and the CCI."""
    if not can_export_network(request.user):
        raise PermissionDenied("Cet export est réservé au pilotage et à la CCI.")
    content = national.export_csv(national.exported_structures(Structure.objects.all()))
    filename = f"liste-france-services-82-{timezone.localdate():%Y-%m-%d}.csv"
    return download_response(content, filename, CONTENT_TYPES["csv"])


def structure_national_export(request, slug):
    """One structure's row of the national list: its « fiche d'identité » on the national site."""
    structure = get_structure_for_user(request, slug)
    rows = (
        Structure.objects.filter(pk=structure.pk).select_related("commune").prefetch_related("opening_hours")
    )
    content = national.export_csv(rows)
    return download_response(content, f"fiche-nationale-{structure.slug}.csv", CONTENT_TYPES["csv"])


def structure_detail(request, slug):
    """A structure's page. Below its heading, what everyone sees alike on a given day is cached under
    the versions of the data it reads (docs/decisions.md, « Rendered fragments cached by data
    version »); whether it is open now and the edit buttons (a form with its CSRF token) are not."""
    # Not the search columns (the stored vector is the widest of the row): the page shows none of them.
    structures = Structure.objects.select_related("commune", "verified_by").defer(*SEARCH_COLUMNS)
    structure = get_object_or_404(structures.prefetch_related("opening_hours", "closures"), slug=slug)
    now = timezone.now()
    today = timezone.localdate(now)

    def render_details() -> str:
        return _render_details(structure, today)

    def render_panels() -> str:
        return render_to_string("includes/object_panels.html", {"object": structure}, request=request)

    details, panels = fragments.cached_many(
        [
            ("structure-page", charter_topics(), [structure.pk, today], render_details),
            # The other apps' panels (files, trainings) show what each viewer may see: kept per viewer.
            ("structure-panels", OBJECT_PANEL_TOPICS, [structure.pk, request.user.pk, today], render_panels),
        ]
    )
    context = {
        "structure": structure,
        "open_now": structure.is_open_at(now),
        "next_opening": _describe_moment(structure.next_opening(now)),
        "closure_today": structure.closure_on(today),
        "can_edit": can_edit_structure(request.user, structure),
        "today": today,
        # Both rendered with auto-escaping, cached or not.
        "details": mark_safe(details),
        "panels": mark_safe(panels),
    }
    return render(request, "annuaire/structure_detail.html", context)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _render_details(structure: Structure, today: dt.date) -> str:
    """What a structure's page shows below its heading on `today`: a function of the data and the day
    alone, so that it can be cached per day (the dates are compared from the start of the day)."""
    day_start = _start_of(today)
    facts = NetworkFacts.current(day_start, itinerant_needed=structure.kind == StructureKind.ITINERANT)
    # What the charter check reads beyond the week, which the view already read.
    counts = structures_for_charter().prefetch_related(None).filter(pk=structure.pk)
    structure.agent_count, structure.trained_agent_count = counts.values_list(
        "agent_count", "trained_agent_count"
    ).get()
    prefetch_related_objects([structure], "partners")
    referent_groups, other_partners_referents = _referent_groups(structure)
    context = {
        "structure": structure,
        "week": structure.week(),
        "hours_change": structure.hours_changes.recent(day_start).first(),
        "upcoming_closures": [c for c in structure.closures.all() if c.ends_on >= today],
        # The permanences' `structure` is this very instance, its closures already prefetched.
        "permanences": _with_next_dates(structure.permanences.select_related("partner"), today),
        "agents": agents_with_training(structure),
        "referent_groups": referent_groups,
        "other_partners_referents": other_partners_referents,
        "partners": list(structure.partners.all()),
        # An MDS is listed for orientation: the charter does not concern it.
        "criteria": check_structure(structure, facts) if structure.kind != StructureKind.MDS else [],
    }
    return render_to_string("annuaire/includes/structure_details.html", context)


# A partner's referents for a whole territory shown on a structure page; the others are counted and
# one link away, in « Qui contacter ? » (docs/decisions.md, « Pages that stay the same size »).
TERRITORY_REFERENTS_SHOWN = 3


@dataclass
class ReferentGroup:
    """One partner's referents on a structure page: those shown, and how many more cover the area."""

    partner: Partner
    referents: list = field(default_factory=list)
    more: int = 0

    @property
    def total(self) -> int:
        return len(self.referents) + self.more


def _present_at(structure: Structure) -> Q:
    """The partners a structure page details the territory referents of: the national partners, those
    present at the structure or holding a permanence there, and those with a referent named for it."""
    present = Structure.partners.through.objects.filter(partner=OuterRef("partner"), structure=structure)
    holds_permanence = Permanence.objects.filter(partner=OuterRef("partner"), structure=structure)
    named_colleague = Referent.structures.through.objects.filter(
        referent__partner=OuterRef("partner"), structure=structure
    )
    return Q(partner__is_national=True) | Exists(present) | Exists(holds_permanence) | Exists(named_colleague)


def _referent_groups(structure: Structure) -> tuple[list[ReferentGroup], bool]:
    """The referents covering `structure`, grouped by partner (national partners first), and whether
    other partners have some too, in five queries whatever the size of the directory.

    Every referent named for the structure is shown; of those who cover a whole territory, the first
    `TERRITORY_REFERENTS_SHOWN` of each partner present at the structure (`_present_at`), the rest
    counted. The territory referents of the other partners are one line leading to « Qui contacter ? »:
    with a thousand partners each naming a département-wide referent the page would otherwise grow
    with the directory — and so would counting them (half a second at ten times the network), so the
    line only needs to know that there are some. Each referent shown says whether it is named here or
    covers a territory; the other structures a referent covers are left to the partner page.
    """
    named_here = Referent.structures.through.objects.filter(referent=OuterRef("pk"), structure=structure)
    covering = (
        Referent.objects.listed()
        .covering(structure)
        .annotate(named_here=Exists(named_here))
        .select_related("partner")
        .prefetch_related("domains")
        # Not the search columns: the window below ranks every territory referent of the partners
        # present, and carrying their stored vectors through it was most of its time.
        .defer(*SEARCH_COLUMNS, *(f"partner__{column}" for column in SEARCH_COLUMNS))
    )
    by_partner = F("partner_id")
    territory = covering.filter(named_here=False)
    present = _present_at(structure)
    shown_territory = (
        territory.filter(present)
        .annotate(
            rank=Window(RowNumber(), partition_by=by_partner, order_by=F("full_name").asc()),
            in_partner=Window(Count("pk"), partition_by=by_partner),
        )
        .filter(rank__lte=TERRITORY_REFERENTS_SHOWN)
    )
    groups: dict[int, ReferentGroup] = {}
    named = covering.filter(named_here=True).order_by("full_name")
    for referent in [*named, *shown_territory.order_by("full_name")]:
        group = groups.setdefault(referent.partner_id, ReferentGroup(referent.partner))
        group.referents.append(referent)
        if not referent.named_here:
            group.more = max(referent.in_partner - TERRITORY_REFERENTS_SHOWN, 0)
    return (
        sorted(groups.values(), key=lambda g: (not g.partner.is_national, g.partner.name)),
        territory.exclude(present).exists(),
    )


def structure_edit(request, slug):
    structure = get_structure_for_user(request, slug, write=True)
    data = _post_data(request)
    form = StructureForm(data, instance=structure)
    hours = OpeningHoursFormSet(data, instance=structure, prefix="horaires")
    closures = ClosureFormSet(data, instance=structure, prefix="fermetures")
    if data is not None and all([form.is_valid(), hours.is_valid(), closures.is_valid()]):
        with recording_hours_changes(request.user) as hours_changes:
            hours_changes.watch(structure)
            form.save()
            hours.save()
            closures.save()
        messages.success(request, "La fiche de la structure est enregistrée.")
        return redirect(structure)
    return render(
        request,
        "annuaire/structure_form.html",
        {"structure": structure, "form": form, "hours": hours, "closures": closures},
    )


@require_POST
def structure_verify(request, slug):
    structure = get_structure_for_user(request, slug, write=True)
    return _mark_verified(request, structure)


def charter_overview(request):
    """Every structure against the charter, cached per day and page (the check is a function of the
    data and of the day: it is made from the start of the day, as on a structure's page)."""
    today = timezone.localdate()

    @functools.cache
    def rows():
        facts = NetworkFacts.current(_start_of(today))
        structures = structures_for_charter().exclude(kind=StructureKind.MDS).order_by("name")
        return [(s, check_structure(s, facts)) for s in structures]

    context = {
        "page": SimpleLazyObject(lambda: _page(request, rows(), size=50)),
        "summary": SimpleLazyObject(lambda: summarise(rows())),
        "criteria": CRITERIA,
        "topics": " ".join(charter_topics()),
        "today": today,
    }
    return render(request, "annuaire/charter_overview.html", context)


# --- Partners -------------------------------------------------------------------------------------


def partner_list(request):
    form = PartnerFilterForm(request.GET or None)
    # Explicit order: Django drops Meta.ordering from grouped queries.
    partners = Partner.objects.annotate(structure_count=Count("structures_present", distinct=True)).order_by(
        "-is_national", "name"
    )
    page = _lazy_page(request, form, partners)
    return render(request, "annuaire/partner_list.html", {"form": form, "page": page})


# A national partner may list a referent per structure and per domain: its referents are paginated.
# Its structures and permanences are not: both are bounded by the ~50 structures of the network
# (a permanence is unique per structure, day and start), and a whole list is what one prints.
REFERENTS_PAGE_SIZE = 50


def partner_detail(request, slug):
    """A partner's page; below the edit buttons (a form with its CSRF token), cached per day, page of
    referents and right to edit (docs/decisions.md, « Rendered fragments cached by data version »)."""
    partner = get_partner_for_user(request, slug)
    today = timezone.localdate()
    permanences = (
        partner.permanences.select_related("structure__commune")
        .with_closures(today)
        .order_by("structure__name")
    )
    referents = partner.referents.listed().prefetch_related(
        "domains", Prefetch("structures", queryset=Structure.objects.only("name", "slug"))
    )
    context = {
        "partner": partner,
        "structures": partner.structures_present.select_related("commune"),
        # Read only when the cached copy is missing.
        "permanences": SimpleLazyObject(lambda: _with_next_dates(permanences, today)),
        "referents": SimpleLazyObject(lambda: _page(request, referents, REFERENTS_PAGE_SIZE)),
        "can_edit": can_edit_partner(request.user, partner),
        "today": today,
    }
    return render(request, "annuaire/partner_detail.html", context)


def _edit(request, form, heading: str, back, success: str, delete_url: str | None = None):
    """Shared flow of the partner-side edit pages: show, validate, save, go back to the partner."""
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, success)
        return redirect(back)
    return render(
        request,
        "annuaire/partner_part_form.html",
        {"form": form, "heading": heading, "back": back, "delete_url": delete_url},
    )


def partner_edit(request, slug):
    partner = get_partner_for_user(request, slug, write=True)
    form = PartnerForm(_post_data(request), instance=partner)
    return _edit(
        request, form, f"Modifier la fiche de {partner}", partner, "La fiche du partenaire est enregistrée."
    )


@require_POST
def partner_verify(request, slug):
    partner = get_partner_for_user(request, slug, write=True)
    return _mark_verified(request, partner)


def referent_create(request, slug):
    partner = get_partner_for_user(request, slug, write=True)
    form = ReferentForm(_post_data(request), instance=Referent(partner=partner))
    return _edit(request, form, f"Ajouter un référent de {partner}", partner, "Le référent est ajouté.")


def referent_edit(request, pk):
    referent = get_referent_for_user(request, pk)
    form = ReferentForm(_post_data(request), instance=referent)
    heading = f"Modifier le référent {referent.full_name}"
    delete_url = reverse("annuaire:referent_delete", args=[referent.pk])
    return _edit(request, form, heading, referent.partner, "Le référent est enregistré.", delete_url)


def permanence_create(request, slug):
    partner = get_partner_for_user(request, slug, write=True)
    form = PermanenceForm(_post_data(request), instance=Permanence(partner=partner))
    return _edit(request, form, f"Ajouter une permanence de {partner}", partner, "La permanence est ajoutée.")


def permanence_edit(request, pk):
    permanence = get_permanence_for_user(request, pk)
    form = PermanenceForm(_post_data(request), instance=permanence)
    heading = f"Modifier la permanence de {permanence.partner} à {permanence.structure}"
    delete_url = reverse("annuaire:permanence_delete", args=[permanence.pk])
    return _edit(request, form, heading, permanence.partner, "La permanence est enregistrée.", delete_url)


def own_referent_record(request):
    """A referent keeps their own card in « Qui contacter ? » from « Mon compte »."""
    record = get_own_referent_record(request)
    form = OwnReferentForm(_post_data(request), instance=record)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Votre fiche dans « Qui contacter\u202f? » est enregistrée.")
        return redirect("account")
    return render(request, "annuaire/own_referent_form.html", {"form": form, "record": record})


@require_POST
def referent_delete(request, pk):
    referent = get_referent_for_user(request, pk)
    referent.delete()
    messages.success(request, f"Le référent {referent.full_name} est retiré de l'annuaire.")
    return redirect(referent.partner)


@require_POST
def permanence_delete(request, pk):
    permanence = get_permanence_for_user(request, pk)
    permanence.delete()
    messages.success(request, "La permanence est supprimée.")
    return redirect(permanence.partner)


# --- Whom to contact ------------------------------------------------------------------------------


def _own_structure_filter(user) -> dict | None:
    """A member of a structure first wants the referents who cover it: the search starts there."""
    # The first one they joined, when they speak for several.
    structure_id = min(affiliations.Affiliations.of(user).structure_ids, default=None)
    return {"structure": structure_id} if structure_id else None


def referent_search(request):
    form = ReferentFilterForm(request.GET or _own_structure_filter(request.user))
    referents = Referent.objects.listed().with_details().order_by("partner__name", "full_name")
    page = _lazy_page(request, form, referents)
    return render(request, "annuaire/referent_search.html", {"form": form, "page": page})
