"""factory_boy factories shared by every app's tests."""

import factory
from factory.django import DjangoModelFactory

from annuaire.enums import StructureKind, StructureStatus
from annuaire.models import Commune, Membership, Partner, Structure
from extranet.enums import Role
from extranet.models import User

PASSWORD = "Motdepasse-de-test-82!"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    role = Role.CONSEILLER
    password = factory.django.Password(PASSWORD)

    class Params:
        staff = factory.Trait(role=Role.ANIMATEUR, is_staff=True, is_superuser=True)
        inactive = factory.Trait(is_active=False)


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["insee_code"]

    insee_code = factory.Sequence(lambda n: f"82{500 + n % 500:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    postal_code = "82000"


class StructureFactory(DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"France Services n°{n}")
    slug = factory.Sequence(lambda n: f"france-services-{n}")
    kind = StructureKind.FIXED
    status = StructureStatus.LABELLED
    commune = factory.SubFactory(CommuneFactory)


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    acronym = factory.Sequence(lambda n: f"P{n}")
    slug = factory.Sequence(lambda n: f"partenaire-{n}")
    is_national = True


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)


def counsellor(structure=None, **kwargs) -> User:
    user = UserFactory(role=Role.CONSEILLER, **kwargs)
    MembershipFactory(user=user, structure=structure or StructureFactory())
    return user


def referent(partner=None, **kwargs) -> User:
    user = UserFactory(role=Role.REFERENT, **kwargs)
    MembershipFactory(user=user, partner=partner or PartnerFactory())
    return user
