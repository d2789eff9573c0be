"""Every main page on a 320 px phone and on a 1280 px screen: nothing scrolls sideways (RGAA 10.11) and
axe finds no violation at either width; the keyboard focus ring is visible with enough contrast
(RGAA 10.7)."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from machina.apps.forum_conversation.models import Post

from annuaire.enums import Weekday
from calendrier.enums import EventKind
from calendrier.models import Event
from fichiers.enums import DocumentCategory
from forum.structure import sync_forums
from itinerance.enums import VisitStatus
from itinerance.models import PassageCount, PublicSchedule
from reporting.quarters import Quarter
from tests import factories
from tests.browser.pages import assert_no_axe_violation, login
from tests.reporting.usage_factories import QuestionnaireFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
SCREEN = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def site(structure, partner, conseiller, referent):
    """A bit of everything, with long names where a phone would suffer."""
    for day in Weekday:
        factories.OpeningHoursFactory(structure=structure, weekday=day, opens=dt.time(9), closes=dt.time(12))
    structure.partners.add(partner)
    record = factories.PartnerReferentFactory(
        partner=partner, full_name="Marie-Dominique Exemple-Longuenom", phone="05 63 00 01 11"
    )
    record.structures.add(structure)
    # A partner absent from the structure, with a département-wide referent: counted on its page.
    factories.PartnerReferentFactory(
        partner=factories.PartnerFactory(name="Chambre de métiers et de l'artisanat", is_national=False)
    )
    factories.PermanenceFactory(partner=partner, structure=structure, monthly=True)
    document = factories.DocumentFactory(
        uploaded_by=conseiller,
        with_version=True,
        title="Plaquette de présentation de la France Services de Molières",
        category=DocumentCategory.LEAFLET,
        structure=structure,
    )
    news = factories.NewsFactory(
        author=conseiller, title="Nouvelle plaquette de Molières", body="Voir **la plaquette**."
    )
    news.files.add(document)
    day = timezone.localdate() + dt.timedelta(days=3)
    event = Event.objects.create(
        kind=EventKind.TRAINING,
        title="Formation initiale des conseillers France Services",
        description="Deux journées pour **bien démarrer**.",
        start_date=day,
        start_time=dt.time(9),
        end_date=day,
        end_time=dt.time(17),
        structure=structure,
        capacity=12,
        organiser=factories.UserFactory(staff=True),
    )
    # With the two passages below, more on that day than the month view shows: « + 1 autre ».
    factories.EventFactory(title="Réunion des conseillers numériques du Tarn-et-Garonne", start_date=day)
    sync_forums()
    forum = partner.forum_link.forum
    topic = factories.TopicFactory(
        forum=forum, poster=conseiller, subject="Prime d'activité et travail saisonnier"
    )
    answer = factories.PostFactory(topic=topic, poster=referent)
    waiting = factories.PostFactory(topic=topic, poster=conseiller, content="Un message à valider.")
    Post.objects.filter(pk=waiting.pk).update(approved=False)
    # Home visits: a town hall's request, and an itinerant agent's day with a passage and a visit.
    town_hall = factories.guichet(email="mairie@example.org")
    unit = factories.UnitFactory()
    agent = factories.itinerant_agent(unit=unit, email="agent-itinerant@example.org")
    visit = factories.HomeVisitRequestFactory(
        requested_by=town_hall,
        commune=town_hall.memberships.get().commune,
        partner=partner,
        status=VisitStatus.SCHEDULED,
        unit=unit,
        scheduled_at=timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(23, 59))),
    )
    tour = factories.TourFactory(unit=unit, name="Tournée des coteaux de Lomagne et du Pays de Serres")
    on_the_road = factories.PassageFactory(
        tour=tour,
        site=factories.SiteFactory(tour=tour, name="Salle des fêtes de Saint-Nicolas-de-la-Grave"),
        date=timezone.localdate(),
        starts_at=dt.time(0, 1),
        held=True,
        counts_recorded_at=timezone.now(),
    )
    PassageCount.objects.create(
        passage=on_the_road,
        partner=partner,
        theme=factories.DomainFactory(name="Prestations familiales et aides au logement"),
        people=3,
    )
    itinerant_tour = factories.TourFactory(name="Tournée Quercy et Aveyron", unit__agents=2)
    stop = factories.SiteFactory(
        tour=itinerant_tour, name="Mairie de Montaigu-de-Quercy", parking="Place de la mairie"
    )
    factories.RuleFactory(site=stop)
    factories.PassageFactory(site=stop, date=day)
    factories.PassageFactory(site=stop, date=day + dt.timedelta(days=14), cancelled=True)
    coordinator = factories.UserFactory(role="pilotage", email="coordination@example.org")
    coordinator.user_permissions.add(Permission.objects.get(codename="plan_passages"))

    # The itinerant cell's schedule, published, with a cancellation (struck out, with its reason).
    commune = factories.CommuneFactory(
        name="La Ville-Dieu-du-Temple", insee_code="82195", postal_code="82290"
    )
    published_site = factories.SiteFactory(
        name="Salle des fêtes de La Ville-Dieu-du-Temple", commune=commune, address="Place de la Mairie"
    )
    factories.RuleFactory(site=published_site)
    factories.PassageFactory(site=published_site, date=day)
    factories.PassageFactory(site=published_site, date=day + dt.timedelta(days=14), cancelled=True)
    schedule = PublicSchedule.load()
    schedule.is_published = True
    schedule.save()
    return {
        "town_hall": town_hall,
        "agent": agent,
        "visit": visit,
        "tour": itinerant_tour,
        "itinerant_site": stop,
        "coordinator": coordinator,
        "document": document,
        "news": news,
        "event": event,
        "forum": forum,
        "topic": topic,
        "answer": answer,
        "waiting": waiting,
        "questionnaire": QuestionnaireFactory(),
        "published_site": published_site,
    }


def _last_quarter() -> tuple[int, int]:
    quarter = Quarter.current().previous()
    return quarter.year, quarter.number


def _pages(site, structure, partner, conseiller, referent, outsider, pilotage):
    """Each page: the persona who opens it (None: an anonymous visitor) and its address."""
    forum, topic = site["forum"], site["topic"]
    topic_args = [forum.slug, forum.pk, topic.slug, topic.pk]
    event = site["event"]
    return {
        "home": (conseiller, reverse("home")),
        "structure_list": (conseiller, reverse("annuaire:structure_list")),
        "structure_detail": (conseiller, structure.get_absolute_url()),
        "structure_edit": (conseiller, reverse("annuaire:structure_edit", kwargs={"slug": structure.slug})),
        "partner_edit": (referent, reverse("annuaire:partner_edit", kwargs={"slug": partner.slug})),
        "document_form": (conseiller, reverse("fichiers:document_create")),
        "news_form": (referent, reverse("fichiers:news_create")),
        "digest_preferences": (conseiller, reverse("fichiers:digest_preferences")),
        "topic_create": (conseiller, reverse("forum_conversation:topic_create", args=[forum.slug, forum.pk])),
        "post_create": (referent, reverse("forum_conversation:post_create", args=topic_args)),
        "event_form": (referent, reverse("calendrier:event_create")),
        "calendar_subscription": (conseiller, reverse("calendrier:subscription")),
        "accessibility_statement": (conseiller, reverse("legal:accessibilite")),
        "charter_overview": (conseiller, reverse("annuaire:charter_overview")),
        "partner_list": (conseiller, reverse("annuaire:partner_list")),
        "partner_detail": (referent, partner.get_absolute_url()),
        "referent_search": (conseiller, reverse("annuaire:referent_search") + f"?partner={partner.pk}"),
        "news_list": (conseiller, reverse("fichiers:news_list")),
        "news_detail": (conseiller, site["news"].get_absolute_url()),
        "document_list": (conseiller, reverse("fichiers:document_list")),
        "document_detail": (conseiller, site["document"].get_absolute_url()),
        "forum_index": (conseiller, reverse("forum:index")),
        "topic_list": (conseiller, reverse("forum:forum", args=[forum.slug, forum.pk])),
        "topic": (referent, reverse("forum_conversation:topic", args=topic_args)),
        "topic_subscribe": (outsider, reverse("forum_member:topic_subscribe", args=[topic.pk])),
        "topic_unsubscribe": (conseiller, reverse("forum_member:topic_unsubscribe", args=[topic.pk])),
        "topic_lock": (referent, reverse("forum_moderation:topic_lock", args=[topic.slug, topic.pk])),
        "post_delete": (
            referent,
            reverse("forum_conversation:post_delete", args=[*topic_args, site["answer"].pk]),
        ),
        "post_approve": (
            referent,
            reverse("forum_moderation:approve_queued_post", args=[site["waiting"].pk]),
        ),
        "post_disapprove": (
            referent,
            reverse("forum_moderation:disapprove_queued_post", args=[site["waiting"].pk]),
        ),
        "profile_update": (conseiller, reverse("forum_member:profile_update")),
        "mark_forums_read": (conseiller, reverse("forum_tracking:mark_all_forums_read")),
        "mark_topics_read": (conseiller, reverse("forum_tracking:mark_topics_read", args=[forum.pk])),
        "member_profile": (conseiller, reverse("forum_member:profile", args=[referent.pk])),
        "member_posts": (conseiller, reverse("forum_member:user_posts", args=[referent.pk])),
        "subscriptions": (conseiller, reverse("forum_member:user_subscriptions")),
        "moderation_queue": (referent, reverse("forum_moderation:queue")),
        "queued_post": (referent, reverse("forum_moderation:queued_post", args=[site["waiting"].pk])),
        "unread_topics": (conseiller, reverse("forum_tracking:unread_topics")),
        "forum_preferences": (conseiller, reverse("forum_ext:preferences")),
        "event_list": (conseiller, reverse("calendrier:event_list")),
        "month": (
            conseiller,
            reverse("calendrier:month", args=[event.start_date.year, event.start_date.month]),
        ),
        "calendar_day": (conseiller, reverse("calendrier:day", args=[event.start_date])),
        "event_detail": (conseiller, event.get_absolute_url()),
        "search": (conseiller, f"{reverse('search')}?q=plaquette"),
        "change_password": (conseiller, reverse("account_change_password")),
        "account_email": (conseiller, reverse("account_email")),
        "visit_request": (site["town_hall"], reverse("itinerance:visit_create")),
        "visit_mine": (site["town_hall"], reverse("itinerance:visit_mine")),
        "visit_queue": (site["agent"], reverse("itinerance:visit_queue")),
        "visit_detail": (site["agent"], site["visit"].get_absolute_url()),
        "today": (site["agent"], reverse("itinerance:today")),
        "usage_report": (pilotage, reverse("reporting:usage_report")),
        "questionnaire_answer": (
            conseiller,
            reverse("reporting:questionnaire_answer", args=[site["questionnaire"].pk]),
        ),
        "questionnaire_results": (
            pilotage,
            reverse("reporting:questionnaire_results", args=[site["questionnaire"].pk]),
        ),
        "report_form": (
            conseiller,
            reverse("reporting:report_detail", args=[structure.slug, *_last_quarter()]),
        ),
        "reporting_dashboard": (conseiller, reverse("reporting:dashboard")),
        "tour_list": (site["coordinator"], reverse("itinerance:tour_list")),
        "tour_detail": (conseiller, site["tour"].get_absolute_url()),
        "itinerant_site_detail": (site["coordinator"], site["itinerant_site"].get_absolute_url()),
        "itinerance_planning": (site["coordinator"], reverse("itinerance:planning")),
        "itinerance_stops": (site["coordinator"], reverse("itinerance:stops")),
        "site_poster": (conseiller, reverse("itinerance:site_poster", args=[site["published_site"].pk])),
        "public_schedule_index": (None, reverse("itinerance:public_index")),
        "public_schedule_commune": (None, reverse("itinerance:public_commune", args=["82195"])),
        "public_schedule_site": (None, reverse("itinerance:public_site", args=[site["published_site"].pk])),
        # A referent's « Mon compte » shows their card in « Qui contacter ? »; its edit page.
        "referent_account": (referent, reverse("account")),
        "own_referent_record": (referent, reverse("annuaire:own_referent_record")),
    }


PAGE_NAMES = [
    "home",
    "structure_list",
    "structure_detail",
    "structure_edit",
    "charter_overview",
    "partner_edit",
    "document_form",
    "news_form",
    "digest_preferences",
    "topic_create",
    "post_create",
    "event_form",
    "calendar_subscription",
    "accessibility_statement",
    "partner_list",
    "partner_detail",
    "referent_search",
    "news_list",
    "news_detail",
    "document_list",
    "document_detail",
    "forum_index",
    "topic_list",
    "topic",
    "topic_subscribe",
    "topic_unsubscribe",
    "topic_lock",
    "post_delete",
    "post_approve",
    "post_disapprove",
    "profile_update",
    "mark_forums_read",
    "mark_topics_read",
    "member_profile",
    "member_posts",
    "subscriptions",
    "moderation_queue",
    "queued_post",
    "unread_topics",
    "forum_preferences",
    "event_list",
    "month",
    "calendar_day",
    "event_detail",
    "search",
    "change_password",
    "account_email",
    "visit_request",
    "visit_mine",
    "visit_queue",
    "visit_detail",
    "today",
    "usage_report",
    "questionnaire_answer",
    "questionnaire_results",
    "report_form",
    "reporting_dashboard",
    "tour_list",
    "tour_detail",
    "itinerant_site_detail",
    "itinerance_planning",
    "itinerance_stops",
    "site_poster",
    "public_schedule_index",
    "public_schedule_commune",
    "public_schedule_site",
    "referent_account",
    "own_referent_record",
]


def assert_no_sideways_scroll(page):
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    wider = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(element => element.getBoundingClientRect().right > document.documentElement.clientWidth)
            .slice(0, 5).map(element => element.outerHTML.slice(0, 120))"""
    )
    assert widths[0] <= widths[1], f"{widths[0]} px wide for {widths[1]} px: {wider}"


@pytest.mark.parametrize("page_name", PAGE_NAMES)
def test_page_fits_a_phone_and_has_no_axe_violation(
    browser_page, live_server, site, structure, partner, conseiller, referent, outsider, pilotage, page_name
):
    user, url = _pages(site, structure, partner, conseiller, referent, outsider, pilotage)[page_name]
    page = login(browser_page, live_server, user) if user else browser_page
    response = page.goto(f"{live_server.url}{url}")
    assert response.status == 200
    assert page.get_by_role("heading", level=1).count() == 1
    assert_no_axe_violation(page)

    page.set_viewport_size(PHONE)
    page.reload()
    assert_no_sideways_scroll(page)
    assert_no_axe_violation(page)


# What the focused element shows: its outline, and the colour behind the ring (drawn just outside the
# element, so over the first ancestor that paints a background).
FOCUS_STYLE = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  let behind = element.parentElement;
  while (behind && getComputedStyle(behind).backgroundColor === "rgba(0, 0, 0, 0)") {
    behind = behind.parentElement;
  }
  return {
    tag: element.tagName.toLowerCase(),
    inNav: Boolean(element.closest("nav.site-nav")),
    text: (element.innerText || element.getAttribute("aria-label") || element.name || "").trim(),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor,
    background: behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)",
  };
}"""


def _luminance(css_colour: str) -> float:
    red, green, blue = (
        int(float(part)) / 255 for part in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3]
    )

    def linear(channel):
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_of_known_colours():
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(224, 168, 0)", "rgb(255, 255, 255)") < 3  # the old amber ring on white


def test_every_tab_stop_shows_a_ring_of_3_to_1(browser_page, live_server, conseiller, structure):
    page = login(browser_page, live_server, conseiller)
    page.goto(f"{live_server.url}{reverse('annuaire:structure_list')}")
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        if focused["tag"] == "body":
            break
        seen.append(focused)
        where = f"{focused['tag']} « {focused['text']} »"
        assert focused["outlineStyle"] == "solid", where
        assert focused["outlineWidth"] >= 2, where
        assert contrast(focused["outlineColor"], focused["background"]) >= 3, where
    kinds = {(focused["tag"], focused["inNav"]) for focused in seen}
    assert {("a", True), ("button", True), ("input", True), ("select", False), ("button", False)} <= kinds
