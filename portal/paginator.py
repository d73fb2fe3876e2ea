"""A paginator for long lists: it remembers a large count for a minute instead of counting again.

Counting 100,000 ideas on every page view costs more than the rest of the page. Page numbers that
are a minute old hurt nobody, so counts of at least `REMEMBER_FROM` rows are kept in the cache;
short lists (and every test's lists) are counted fresh each time.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

REMEMBER_FROM = 1000
REMEMBER_SECONDS = 60


class RememberingPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        try:
            query = str(self.object_list.order_by().query)
        except EmptyResultSet:  # `.none()`: nothing to count
            return 0
        key = "paginator-count:" + hashlib.sha256(query.encode()).hexdigest()
        remembered = cache.get(key)
        if remembered is not None:
            return remembered
        count = self.object_list.count()
        if count >= REMEMBER_FROM:
            cache.set(key, count, REMEMBER_SECONDS)
        return count
