"""How the API names an item, `<kind>:<id>` (`idea:12`), and loads it for the caller (400 for a bad
name, 404 for an item they may not see); and the engagement fields every item's serializer shows.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from engagement.models import Follow, Vote
from engagement.registry import ENGAGEABLE, FLAGGABLE, can_view, engageable_model, flaggable_model

ITEM_PATTERN = r"[a-z]+:[0-9]+"
# Item names in paths are checked by `item_load`, so a malformed one gets a JSON 400, not a bare 404.
ITEM_IN_PATH = r"[^/]+"
BIGINT_MAX = 2**63 - 1


ITEM_PATH = OpenApiParameter(
    "item", str, OpenApiParameter.PATH, description="kind:id, e.g. idea:12 or comment:40"
)


def _kinds(labels) -> dict[str, str]:
    """`{"idea": "ideas.idea", …}`: the short names clients use for model labels."""
    return {label.split(".")[1]: label for label in labels}


def item_name(target) -> str:
    return f"{target._meta.model_name}:{target.pk}"


def item_load(request, value: str, *, flaggable: bool = False):
    """The item `value` names, if the caller may see it. Bad names are 400, unseen items 404."""
    kinds = _kinds(FLAGGABLE if flaggable else ENGAGEABLE)
    kind, _sep, number = str(value).partition(":")
    if kind not in kinds or not number.isdigit():
        raise serializers.ValidationError(
            {"item": [_("Name the item as kind:id, e.g. idea:12. Kinds: %(kinds)s.")
                      % {"kinds": ", ".join(sorted(kinds))}]}
        )  # fmt: skip
    model = flaggable_model(kinds[kind]) if flaggable else engageable_model(kinds[kind])
    pk = int(number)
    target = model._default_manager.filter(pk=pk).first() if pk <= BIGINT_MAX else None
    if target is None or not can_view(request.user, target):
        raise NotFound(_("There is no %(kind)s %(id)s, or you may not see it.") % {"kind": kind, "id": pk})
    return target


@extend_schema_field({"type": "string", "pattern": f"^{ITEM_PATTERN}$", "example": "idea:12"})
class ItemField(serializers.Field):
    """An item as `kind:id`. Validation loads it (404 if the caller may not see it)."""

    default_error_messages = {"invalid": "Name the item as kind:id, e.g. idea:12."}

    def __init__(self, *, flaggable: bool = False, **kwargs):
        self.flaggable = flaggable
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 40:
            self.fail("invalid")
        try:
            return item_load(self.context["request"], data, flaggable=self.flaggable)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(error.detail["item"]) from error

    def to_representation(self, value):
        return value if isinstance(value, str) else item_name(value)


class EngagementFieldsMixin(serializers.Serializer):
    """The engagement part of every item: counts, and what the person asking has done.

    `has_voted` and `is_following` come from `engagement.selectors.with_viewer_engagement`
    annotations on a list's queryset; a single item loaded otherwise is asked directly.
    """

    vote_count = serializers.IntegerField(read_only=True)
    comment_count = serializers.IntegerField(read_only=True)
    follower_count = serializers.IntegerField(read_only=True)
    has_voted = serializers.SerializerMethodField()
    is_following = serializers.SerializerMethodField()

    ENGAGEMENT_FIELDS = ["vote_count", "comment_count", "follower_count", "has_voted", "is_following"]

    def _viewer_did(self, item, attribute: str, model) -> bool:
        if hasattr(item, attribute):
            return bool(getattr(item, attribute))
        viewer = self.context["request"].user
        return viewer.is_authenticated and model.objects.for_target(item).filter(user=viewer).exists()

    def get_has_voted(self, item) -> bool:
        return self._viewer_did(item, "has_voted", Vote)

    def get_is_following(self, item) -> bool:
        return self._viewer_did(item, "is_following", Follow)
