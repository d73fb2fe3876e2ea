"""Pieces of pilots for other apps' pages.

{% load pilots %}
{% challenge_pilots challenge user %}   on a challenge's page
{% user_proposals user %}               on a person's profile
"""

from django import template

from pilots import selectors

register = template.Library()


@register.inclusion_tag("pilots/_challenge_pilots.html")
def challenge_pilots(challenge, user):
    """The challenge's public pilots; the button to propose one while it takes proposals; the
    person's own proposals to it; for its evaluators, what they have to review; for its curators,
    the way to the ranking."""
    evaluates = user.is_authenticated and challenge.appointments.filter(evaluator=user).exists()
    return {
        "challenge": challenge,
        "pilots": list(selectors.challenge_public_pilots(challenge=challenge)),
        # Visitors see the button too; it leads them through logging in.
        "can_propose": challenge.accepts_proposals()
        and (not user.is_authenticated or user.has_perm("pilots.create_pilot", challenge)),
        "can_rank": user.has_perm("pilots.view_ranking", challenge),
        "my_proposals": list(selectors.user_proposals(user=user, challenge=challenge)),
        "review_queue": list(selectors.evaluator_queue(user=user, challenge=challenge)) if evaluates else [],
    }


@register.inclusion_tag("pilots/_user_proposals.html")
def user_proposals(user):
    return {"proposals": list(selectors.user_proposals(user=user))}
