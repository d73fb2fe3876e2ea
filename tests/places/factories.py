from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from places.models import Place, SiteRequest
from portal.models import District
from tests.accounts.factories import OrganizationFactory
from tests.pilots.factories import PilotFactory


class PlaceFactory(factory.django.DjangoModelFactory):
    """A place in Matinkylä that takes two pilots at once, hosted by a new public body."""

    class Meta:
        model = Place

    slug = factory.Sequence(lambda n: f"place-{n}")
    kind = Place.Kind.SERVICE_CENTRE
    host = factory.SubFactory(OrganizationFactory, kind="public")
    name_fi = factory.Sequence(lambda n: f"Paikka {n}")
    name_sv = factory.Sequence(lambda n: f"Plats {n}")
    name_en = ""
    address_fi = "Piispansilta 11"
    address_sv = "Biskopsbron 11"
    district = factory.LazyFunction(lambda: District.objects.get(code=3))
    latitude = Decimal("60.161300")
    longitude = Decimal("24.737700")
    capacity = 2


class SiteRequestFactory(factory.django.DjangoModelFactory):
    """A pending request of a shortlisted proposal for next month."""

    class Meta:
        model = SiteRequest

    place = factory.SubFactory(PlaceFactory)
    pilot = factory.SubFactory(PilotFactory, status="shortlisted")
    requested_by = factory.LazyAttribute(lambda o: o.pilot.created_by)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=30))
    status = SiteRequest.Status.PENDING
    decided_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in ("approved", "declined", "dates_proposed") else None
    )
    host_message = factory.LazyAttribute(lambda o: "No room." if o.status == "declined" else "")
