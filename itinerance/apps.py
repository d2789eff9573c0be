from django.apps import AppConfig


class ItineranceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "itinerance"
    verbose_name = "Itinérance"

    def ready(self):
        from auditlog.registry import auditlog
        from django.contrib.auth.models import Group

        from annuaire.charter import register_itinerant_facts
        from annuaire.reference_data import register_reference_loader
        from calendrier.sources import register_entry_source
        from extranet import fragments, registry
        from extranet.enums import Role
        from extranet.models import User
        from itinerance import calendar, figures, panels
        from itinerance.charter import itinerant_facts
        from itinerance.models import Passage, PassageCount, PublicSchedule, Rule, Site, Tour, Unit
        from itinerance.reference_data import load_reference_sites
        from itinerance.visit_panels import home_visits_panel
        from itinerance.visits import PERSONAL_FIELDS, HomeVisitRequest

        auditlog.register(Unit, m2m_fields={"agents"})
        for model in (Tour, Site, Rule, Passage, PassageCount, PublicSchedule):
            auditlog.register(model)
        # The directory and the calendar know nothing of the cell: it tells them what they show.
        register_itinerant_facts(itinerant_facts, topic="itinerance")
        # What those facts, the month view and the home panels read (docs/decisions.md, « Rendered fragments
        # cached by data version »): the passages, their tours, sites, rules and units, the home-visit
        # requests, and who coordinates (the planning permission, given to a person or to a group).
        fragments.watch("itinerance", Unit, Tour, Site, Rule, Passage, HomeVisitRequest)
        fragments.watch(
            "itinerance", User.user_permissions.through, User.groups.through, Group.permissions.through
        )
        register_reference_loader(load_reference_sites)
        register_entry_source(calendar.SOURCE)
        # The quarterly report of the cell's structure is prefilled from its held passages.
        registry.register_figure_provider(figures.PROVIDER)
        registry.register_admin_section(registry.AdminSection("Itinérance", ("itinerance",), order=60))

        # Home visits: changes are logged without the person's name, phone and address (the log must
        # not keep what the erasure blanks); each read of them is logged as an access (visits.log_read).
        auditlog.register(HomeVisitRequest, exclude_fields=list(PERSONAL_FIELDS))
        registry.register_home_panel(
            registry.HomePanel(
                "itinerance/panels/home_visits.html",
                home_visits_panel,
                order=15,
                open_to_guichet=True,
                topics=("itinerance", "annuaire"),  # the requests, the person's attachment
            )
        )
        # Role checks only (no query on every page); the pages check the attachment themselves.
        registry.register_nav(
            registry.NavEntry(
                "Visites à domicile",
                "itinerance:visit_queue",
                order=45,
                visible=lambda u: u.role == Role.ITINERANT,
            )
        )
        registry.register_nav(
            registry.NavEntry(
                "Mes demandes de visite",
                "itinerance:visit_mine",
                order=45,
                visible=lambda u: u.role == Role.GUICHET,
            )
        )
        # A guichet (town hall, MDS) books and follows its requests and reads the schedule; nothing else.
        registry.open_to_guichet(
            "itinerance:visit_mine",
            "itinerance:visit_create",
            "itinerance:visit_detail",
            "itinerance:visit_close",
            "itinerance:tour_list",
            "itinerance:tour_detail",
            "itinerance:site_detail",
            # The posters they pin up and the public schedule they link to.
            "itinerance:site_poster",
            "itinerance:site_poster_pdf",
            "itinerance:tour_programme",
            "itinerance:public_index",
            "itinerance:public_commune",
            "itinerance:public_feed",
            "itinerance:public_site",
        )
        registry.register_nav(registry.NavEntry("Itinérance", "itinerance:tour_list", order=45))
        registry.register_home_panel(
            registry.HomePanel(
                "itinerance/panels/stops.html",
                panels.stops_panel,
                order=5,
                topics=("itinerance", "annuaire"),  # the sites, the labelled structures, who coordinates
            )
        )
