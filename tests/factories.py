"""Factories for the usual content and actors; defaults give a published, visible consultation."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from concerto.consultations.models import (
    Consultation,
    Document,
    Page,
    Theme,
)
from concerto.core import roles
from concerto.participation.models import ParticipantProfile

# Small but real PDF header: enough for a browser to recognise the type.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    title = factory.Sequence(lambda n: f"Consultation {n}")
    slug = factory.Sequence(lambda n: f"consultation-{n}")
    tagline = "Donnez votre avis"
    purpose = "L’objet de cette consultation est de **recueillir** vos idées."
    is_published = True


class ParticipantProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipantProfile

    consultation = factory.SubFactory(ConsultationFactory)
    label = factory.Sequence(lambda n: f"Profil {n}")
    description = "Une description"
    order = factory.Sequence(lambda n: n)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    consultation = factory.SubFactory(ConsultationFactory)
    title = factory.Sequence(lambda n: f"Thématique {n}")
    slug = factory.Sequence(lambda n: f"thematique-{n}")
    summary = "Un résumé de la thématique."
    introduction = "Les enjeux de la thématique."
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    order = factory.Sequence(lambda n: n)
    is_published = True


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    consultation = factory.SubFactory(ConsultationFactory)
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="document.pdf"))


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    consultation = factory.SubFactory(ConsultationFactory)
    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "Le contenu de la page."


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@culture.gouv.fr")
    password = factory.django.Password("un-mot-de-passe-solide")


class StaffUserFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        # The same path as the product: a role is membership of the group kept by ensure_roles.
        if create and extracted:
            user.groups.add(Group.objects.get(name=extracted))


def manager(*, of=None, role: str = "manager", **kwargs):
    """A consultation manager on the team of ``of`` (a consultation or several), or, when
    ``of`` is omitted, of every consultation that exists now."""
    from concerto.workspace.actions import add_member

    user = StaffUserFactory(role=roles.CONSULTATION_MANAGER, **kwargs)
    if of is None:
        of = Consultation.objects.all()
    elif isinstance(of, Consultation):
        of = [of]
    for consultation in of:
        add_member(consultation=consultation, user=user, role=role, actor=None)
    return user


def analyst(*, of, **kwargs):
    """An analyst on the team of ``of``."""
    from concerto.workspace.actions import add_member

    user = StaffUserFactory(role=roles.ANALYST, **kwargs)
    for consultation in [of] if isinstance(of, Consultation) else of:
        add_member(consultation=consultation, user=user, role="analyst", actor=None)
    return user
