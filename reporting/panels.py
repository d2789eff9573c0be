"""What the reporting app adds to the home page of the CCI and the steering staff: what needs action."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from annuaire.enums import CharterOutcome
from annuaire.models import CharterSnapshot
from forum.models import TopicAnswer
from reporting.permissions import reads_network
from reporting.quarters import Quarter
from reporting.reminders import late_structures, quarter_to_remind


def network_actions(request):
    """Structures late with their report, structures not meeting a charter criterion, partners over
    the forum's answer delay; None when nothing needs action."""
    if not reads_network(request.user):
        return None
    items = []
    today = timezone.localdate()
    late_quarter = quarter_to_remind(today)
    if late_quarter is not None:
        late = late_structures(late_quarter).count()
        if late:
            items.append(
                {
                    "count": late,
                    "text": f"sans rapport d'activité transmis pour le {late_quarter}",
                    "noun": "structure",
                    "url": reverse("reporting:report_list")
                    + f"?annee={late_quarter.year}&trimestre={late_quarter.number}",
                    "link": "Voir les rapports du trimestre",
                }
            )
    latest = CharterSnapshot.objects.order_by("-year", "-quarter").values_list("year", "quarter").first()
    if latest:
        not_met = sum(
            1
            for results in CharterSnapshot.objects.filter(year=latest[0], quarter=latest[1]).values_list(
                "results", flat=True
            )
            if any(result.get("outcome") == CharterOutcome.NOT_MET for result in results.values())
        )
        if not_met:
            items.append(
                {
                    "count": not_met,
                    "text": "ne respectant pas au moins un critère de la charte "
                    f"(relevé du T{latest[1]} {latest[0]})",
                    "noun": "structure",
                    "url": reverse("annuaire:charter_overview"),
                    "link": "Voir le tableau de la charte",
                }
            )
    quarter = Quarter.of(today)
    limit = settings.FORUM_ANSWER_DELAY_HOURS
    over = [
        str(row.partner)
        for row in TopicAnswer.objects.quarter_report(quarter.year, quarter.number)
        if row.median_delay_hours is not None and row.median_delay_hours > limit
    ]
    if over:
        items.append(
            {
                "count": len(over),
                "text": f"au-delà de {limit} heures ouvrées de délai médian de réponse ce trimestre "
                f"({', '.join(over)})",
                "noun": "partenaire",
                "url": reverse("reporting:dashboard") + f"?annee={quarter.year}&trimestre={quarter.number}",
                "link": "Voir les délais dans le tableau de bord",
            }
        )
    if not items:
        return None
    return {"items": items}
