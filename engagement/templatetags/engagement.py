"""Votes, follows and the discussion, for any engageable item's page.

{% load engagement %}
{% engagement_panel challenge %}   the vote and follow buttons with their counts
{% discussion challenge %}         the threaded comments with the form
"""

from django import template

from engagement import selectors
from engagement.forms import CommentForm
from engagement.registry import label_of

register = template.Library()


def _base(context) -> dict:
    request = context["request"]
    return {
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
    }


@register.inclusion_tag("engagement/_panel.html", takes_context=True)
def engagement_panel(context, target):
    request = context["request"]
    return {**_base(context), "state": selectors.engagement_state(viewer=request.user, target=target)}


@register.inclusion_tag("engagement/_comments.html", takes_context=True)
def discussion(context, target):
    request = context["request"]
    sort = request.GET.get("comments", "oldest")
    return {
        **_base(context),
        "target": target,
        "label": label_of(target),
        "thread": selectors.comment_thread(viewer=request.user, target=target, sort=sort),
        "comment_sort": sort if sort in selectors.COMMENT_SORTS else "oldest",
        "policy": selectors.policy_for(target),
        "comment_form": CommentForm(),
    }
