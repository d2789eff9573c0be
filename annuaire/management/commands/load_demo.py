"""Demo data: the real reference facts plus invented people, one or more per role.

Every person here is invented (e-mails at example.org). The command refuses to run when DEBUG is
off, so demo accounts with a published password can never reach production.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from annuaire import affiliations
from annuaire.demo import load_demo_directory
from annuaire.models import Commune, Partner, Structure
from annuaire.reference_data import load_reference_data
from extranet.enums import Role
from extranet.models import User

DEMO_PASSWORD = "Demo-Extranet-82!"
# A fixed TOTP secret for the demo CCI agent, so that the admin can be tried at once
# (add it to an authenticator app, or run `oathtool --totp -b SECRET`).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

DEMO_PEOPLE = [
    # e-mail, first name, last name, role, job title, structure slug, partner slug or commune INSEE code
    (
        "camille.martin@example.org",
        "Camille",
        "Martin",
        Role.CONSEILLER,
        "Conseillère France Services",
        "msap-molieres",
    ),
    (
        "lucas.bernard@example.org",
        "Lucas",
        "Bernard",
        Role.CONSEILLER,
        "Conseiller France Services",
        "msap-laguepie",
    ),
    ("sophie.durand@example.org", "Sophie", "Durand", Role.REFERENT, "Référente partenariats", "caf"),
    ("julien.petit@example.org", "Julien", "Petit", Role.REFERENT, "Référent France Services", "cpam"),
    ("ines.moreau@example.org", "Inès", "Moreau", Role.ITINERANT, "Agente itinérante", "cellule-itinerante"),
    ("pierre.lefebvre@example.org", "Pierre", "Lefebvre", Role.PILOTAGE, "Chargé de mission SDAASP", None),
    ("claire.roux@example.org", "Claire", "Roux", Role.ANIMATEUR, "Animatrice de l'extranet (CCI)", None),
    ("mairie.lavit@example.org", "Nadine", "Fabre", Role.GUICHET, "Secrétaire de mairie de Lavit", "82097"),
]


class Command(BaseCommand):
    help = "Charge les données de démonstration (refusé quand DEBUG est désactivé)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusé : les comptes de démonstration ne sont créés que si DJANGO_DEBUG=1 "
                "(jamais en production)."
            )
        load_reference_data()
        with transaction.atomic():
            load_demo_directory()
            for email, first, last, role, title, attachment in DEMO_PEOPLE:
                user, created = User.objects.get_or_create(
                    email=email,
                    defaults={
                        "first_name": first,
                        "last_name": last,
                        "role": role,
                        "job_title": title,
                        "is_staff": role == Role.ANIMATEUR,
                        "is_superuser": role == Role.ANIMATEUR,
                        # A partner's referent shows a phone and an address in « Qui contacter ? ».
                        **(
                            {"phone": f"05 63 00 02 {len(first):02d}", "contact_email": email}
                            if role == Role.REFERENT
                            else {}
                        ),
                    },
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.save()
                if role == Role.GUICHET:
                    affiliations.attach(user, Commune.objects.get(insee_code=attachment))
                elif attachment:
                    model = Partner if role == Role.REFERENT else Structure
                    affiliations.attach(user, model.objects.get(slug=attachment))
                if user.is_staff and not Authenticator.objects.filter(user=user).exists():
                    TOTP.activate(user, DEMO_TOTP_SECRET)
                    RecoveryCodes.activate(user)

        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées. Comptes (fictifs) :"))
        for email, _first, _last, role, _title, _attachment in DEMO_PEOPLE:
            self.stdout.write(f"  {Role(role).label:<40} {email}")
        self.stdout.write(f"Mot de passe de tous les comptes de démonstration : {DEMO_PASSWORD}")
        self.stdout.write(
            f"Second facteur (TOTP) de l'animatrice CCI, pour l'administration : {DEMO_TOTP_SECRET}"
        )
