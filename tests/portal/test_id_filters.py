"""Ids in filters are bounded (portal.api.IdFilter): a number no key can hold is a 400 naming the
filter, on SQLite (the default, where it was a 500) and PostgreSQL alike."""

import django_filters
import pytest
from rest_framework.test import APIClient

BIG = "12345678901234567890"


def _filtersets():
    seen, todo = set(), list(django_filters.FilterSet.__subclasses__())
    while todo:
        filterset = todo.pop()
        if filterset not in seen:
            seen.add(filterset)
            todo += filterset.__subclasses__()
    return [filterset for filterset in seen if filterset.__module__.split(".")[0] != "django_filters"]


def test_every_number_filter_is_a_bounded_id():
    from portal.api_filters import IdFilter  # after DRF's views, which import portal.api themselves

    unbounded = [
        f"{filterset.__module__}.{filterset.__name__}.{name}"
        for filterset in _filtersets()
        for name, declared in filterset.declared_filters.items()
        if isinstance(declared, django_filters.NumberFilter) and not isinstance(declared, IdFilter)
    ]
    assert unbounded == []


@pytest.mark.parametrize("name", ["challenge", "organization"])
@pytest.mark.parametrize("value", [BIG, "0", "-1", "1.5"])
def test_an_id_no_key_can_hold_is_a_400(db, name, value):
    response = APIClient(HTTP_ACCEPT_LANGUAGE="en").get(f"/api/v1/pilots/?{name}={value}")
    assert response.status_code == 400
    assert name in response.json()["fields"]
