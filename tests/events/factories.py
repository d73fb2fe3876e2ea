from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from events.models import Event, Question, Registration
from places.models import Place
from portal.models import District
from tests.accounts.factories import OrganizationFactory, UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A city workshop at an address, a week from now, with 10 seats."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Event.Kind.WORKSHOP
    title_fi = factory.Sequence(lambda n: f"Työpaja {n}")
    title_sv = factory.Sequence(lambda n: f"Verkstad {n}")
    title_en = factory.Sequence(lambda n: f"Workshop {n}")
    title = factory.LazyAttribute(lambda o: o.title_fi)
    summary_fi = "Kehitetään yhdessä."
    summary_sv = "Vi utvecklar tillsammans."
    language = "fi"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    registration_closes_at = factory.LazyAttribute(lambda o: o.starts_at)
    address = "Piispansilta 11, Espoo"
    capacity = 10
    organizer = factory.SubFactory(UserFactory, is_official=True)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    event = factory.SubFactory(EventFactory)
    text_fi = "Tarvitsetko tulkin?"
    text_sv = "Behöver du tolk?"
    text_en = "Do you need an interpreter?"
    text = factory.LazyAttribute(lambda o: o.text_fi)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed seat; keeps the event's counters equal to its rows."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        registration = super()._create(model_class, *args, **kwargs)
        event = registration.event
        field = {"confirmed": "confirmed_count", "waiting": "waiting_count"}.get(registration.status)
        if field:
            Event.objects.filter(pk=event.pk).update(**{field: getattr(event, field) + 1})
            event.refresh_from_db(fields=[field])
        return registration


class PlaceFactory(factory.django.DjangoModelFactory):
    """A place at Iso Omena (the places app keeps its own factories in its tests once it has them)."""

    class Meta:
        model = Place

    slug = factory.Sequence(lambda n: f"place-{n}")
    kind = Place.Kind.SERVICE_CENTRE
    host = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Iso Omena {n}")
    name_fi = factory.LazyAttribute(lambda o: o.name)
    address = "Piispansilta 11"
    district = factory.LazyFunction(lambda: District.objects.order_by("pk").first())
    latitude = Decimal("60.161")
    longitude = Decimal("24.738")
