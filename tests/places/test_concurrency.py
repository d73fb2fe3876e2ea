"""Twenty hosts approving at the same moment, on real PostgreSQL: the place never holds more pilots
at once than its capacity.

Each approval runs in its own thread with its own connection, and a barrier releases them all at
once, so their transactions overlap. The capacity check is only correct because
`site_request_approve` locks the place's row first (`_lock_place`): without it, every thread counts
the same free slots and most of them approve (a run with the lock replaced by a plain read approved
all 20). The second test pins that the lock is taken.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Membership
from places import services
from places.models import SiteRequest
from tests.accounts.factories import MembershipFactory
from tests.integration.test_concurrency import all_at_once
from tests.places.factories import PlaceFactory, SiteRequestFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections"),
]

APPROVALS = 20
CAPACITY = 3


def test_twenty_concurrent_approvals_never_exceed_the_capacity():
    place = PlaceFactory(capacity=CAPACITY)
    hosts = [
        MembershipFactory(organization=place.host, role=Membership.Role.MEMBER).user for _ in range(APPROVALS)
    ]
    first = timezone.localdate() + timedelta(days=5)
    # Every request overlaps every other on day first + 10.
    requests = [
        SiteRequestFactory(
            place=place, starts_on=first + timedelta(days=n % 5), ends_on=first + timedelta(days=15)
        )
        for n in range(APPROVALS)
    ]

    def approve(pair, barrier):
        host, site_request = pair
        barrier.wait()
        try:
            services.site_request_approve(actor=host, site_request=site_request)
        except ValidationError as error:
            assert error.code == "place_full"
            return "refused"
        return "approved"

    results = all_at_once(approve, list(zip(hosts, requests, strict=True)))

    assert results.count("approved") == CAPACITY
    assert results.count("refused") == APPROVALS - CAPACITY
    assert SiteRequest.objects.filter(place=place, status="approved").count() == CAPACITY
    assert (
        services.concurrent_pilots(place=place, starts_on=first, ends_on=first + timedelta(days=15))
        == CAPACITY
    )


def test_an_approval_locks_the_place_before_it_counts():
    place = PlaceFactory(capacity=1)
    host = MembershipFactory(organization=place.host).user
    site_request = SiteRequestFactory(place=place)
    with CaptureQueriesContext(connection) as queries:
        services.site_request_approve(actor=host, site_request=site_request)
    sql = [query["sql"] for query in queries.captured_queries]
    lock = next(n for n, s in enumerate(sql) if 'FROM "places_place"' in s and "FOR UPDATE" in s)
    count = next(
        n
        for n, s in enumerate(sql)
        if 'FROM "places_siterequest"' in s and "ends_on" in s and "FOR UPDATE" not in s
    )
    assert lock < count
