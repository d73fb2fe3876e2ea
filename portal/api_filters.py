"""Filters the API's lists share (kept apart from `portal.api`, which DRF's settings import)."""

import django_filters
from django import forms

from portal.api import MAX_ID


class IdFilter(django_filters.NumberFilter):
    """An id in a filter (`?challenge=12`): a whole number a key can hold, or a 400 naming the
    filter. A 20-digit number was a 500 on SQLite, which cannot even compare such an integer."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
