"""`GET /api/v1/search/?q=`: the site-wide search, grouped by kind, in the asker's language."""

from django.utils import translation
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api import Input, errors
from search.excerpts import excerpt
from search.forms import SearchForm
from search.selectors import search_everything


class SearchInput(Input):
    # Length and emptiness are the form's to check, with the page's messages.
    q = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text=gettext_lazy("The words to search for, at most 200 characters."),
    )

    def validate_q(self, value: str) -> str:
        # The page's own rules and messages, so both say the same.
        form = SearchForm({"q": value})
        if not form.is_valid():
            raise serializers.ValidationError(form.errors["q"])
        return form.cleaned_data["q"]


class SearchHitSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    excerpt = serializers.CharField()
    language = serializers.CharField(help_text=gettext_lazy("The language it is written in, when known."))
    meta = serializers.CharField(help_text=gettext_lazy("A status, a phase or an organization's kind."))


class SearchGroupSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    results = SearchHitSerializer(many=True)
    has_more = serializers.BooleanField()
    more_url = serializers.CharField(help_text=gettext_lazy("The kind's own list searched, or empty."))


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    groups = SearchGroupSerializer(many=True)


class SearchView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True, description="The words to search for.")],
        responses={200: SearchResponseSerializer, **errors(400)},
        summary="Search challenges, ideas, public pilots and organizations",
    )
    def get(self, request):
        data = SearchInput(data={"q": request.query_params.get("q", "")})
        data.is_valid(raise_exception=True)
        query = data.validated_data["q"]
        groups = search_everything(query=query, language=translation.get_language())
        return Response({"query": query, "groups": [_group(request, group, query) for group in groups]})


def _group(request, group, query: str) -> dict:
    return {
        "kind": group.kind.key,
        "label": str(group.kind.label),
        "results": [
            {
                "title": hit.title,
                "url": request.build_absolute_uri(hit.url),
                "excerpt": excerpt(hit.text, query),
                "language": hit.language,
                "meta": hit.meta,
            }
            for hit in group.hits
        ],
        "has_more": group.has_more,
        "more_url": request.build_absolute_uri(group.more_url) if group.more_url else "",
    }
