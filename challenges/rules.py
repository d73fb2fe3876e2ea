"""Who may do what with challenges. Pilots and ideas build on these predicates."""

import rules

from accounts.rules import is_administrator, is_official


@rules.predicate
def is_curator(user, challenge) -> bool:
    if not (user.is_authenticated and challenge is not None and challenge.pk):
        return False
    cache = user.__dict__.setdefault("_curator_cache", {})
    if challenge.pk not in cache:
        cache[challenge.pk] = challenge.curators.filter(pk=user.pk).exists()
    return cache[challenge.pk]


@rules.predicate
def is_evaluator(user, challenge) -> bool:
    if not (user.is_authenticated and challenge is not None and challenge.pk):
        return False
    cache = user.__dict__.setdefault("_evaluator_cache", {})
    if challenge.pk not in cache:
        cache[challenge.pk] = challenge.appointments.filter(evaluator=user).exists()
    return cache[challenge.pk]


@rules.predicate
def is_published(user, challenge) -> bool:
    return challenge is not None and challenge.published_at is not None


can_curate = (is_official & is_curator) | is_administrator

rules.add_perm("challenges.create_challenge", is_official)
rules.add_perm("challenges.view_challenge", is_published | can_curate)
rules.add_perm("challenges.change_challenge", can_curate)
rules.add_perm("challenges.publish_challenge", can_curate)
rules.add_perm("challenges.close_challenge", can_curate)
rules.add_perm("challenges.appoint_evaluator", can_curate)
rules.add_perm("challenges.manage_curators", can_curate)
