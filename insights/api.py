"""Open data through the API: each dataset at /api/v1/open-data/<dataset>/, paginated, read-only.

The rows and the columns are those of the CSV and JSON files (`insights.opendata`): one allow-list
serves both, so the API can never show more than the files.
"""

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from insights import opendata
from portal.api import errors

FIELD_TYPES = {
    "integer": lambda **kw: serializers.IntegerField(**kw),
    "decimal": lambda **kw: serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=False, **kw
    ),
    "text": lambda **kw: serializers.CharField(**kw),
    "date": lambda **kw: serializers.DateField(**kw),
    "datetime": lambda **kw: serializers.DateTimeField(**kw),
    "boolean": lambda **kw: serializers.BooleanField(**kw),
    "list": lambda **kw: serializers.ListField(child=serializers.CharField(), **kw),
}


def _serializer(dataset: opendata.Dataset) -> type[serializers.Serializer]:
    fields = {}
    for column in dataset.columns:
        # Options go to the constructor: DRF copies declared fields by re-running it. Any column
        # can be empty in some row (a free-standing idea has no challenge, a pilot still running
        # has no end date), so the schema says so for all of them.
        fields[column.name] = FIELD_TYPES[column.type](
            allow_null=True, read_only=True, help_text=str(column.description)
        )
    name = "OpenData" + "".join(part.title() for part in dataset.slug.split("-")) + "Row"
    return type(name, (serializers.Serializer,), fields)


class _DatasetView(generics.ListAPIView):
    dataset: opendata.Dataset
    filter_backends = []

    def get_queryset(self):
        return self.dataset.queryset()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = self.dataset.finish(list(page))
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


def _dataset_view(dataset: opendata.Dataset):
    serializer = _serializer(dataset)
    view = type(
        f"OpenData{serializer.__name__}View",
        (_DatasetView,),
        {"dataset": dataset, "serializer_class": serializer, "__doc__": str(dataset.description)},
    )
    return extend_schema(
        summary=f"Open data: {dataset.slug}",
        description=f"{dataset.description} Licence: {opendata.LICENCE}.",
        responses={200: serializer(many=True), **errors(429)},
        auth=[],
        tags=["open data"],
    )(view)


DATASET_VIEWS = {slug: _dataset_view(dataset) for slug, dataset in opendata.DATASETS.items()}

DATASET_INDEX = inline_serializer(
    "OpenDataset",
    fields={
        "dataset": serializers.CharField(),
        "title": serializers.CharField(),
        "description": serializers.CharField(),
        "url": serializers.URLField(),
        "csv": serializers.URLField(),
        "json": serializers.URLField(),
        "licence": serializers.CharField(),
        "licence_url": serializers.URLField(),
        "fields": serializers.ListField(child=serializers.DictField(child=serializers.CharField())),
    },
    many=True,
)


class OpenDataIndexView(APIView):
    """The datasets with their data dictionaries and where to get them."""

    @extend_schema(
        responses={200: DATASET_INDEX, **errors(429)}, auth=[], tags=["open data"], summary="Open data sets"
    )
    def get(self, request):
        from django.urls import reverse

        listing = []
        for slug, dataset in opendata.DATASETS.items():
            metadata = opendata.dataset_metadata(dataset)
            metadata.pop("generated_at")
            metadata.pop("publisher")
            listing.append(
                {
                    **metadata,
                    "url": request.build_absolute_uri(reverse(f"api_open_data_{slug}")),
                    "csv": request.build_absolute_uri(
                        reverse("insights_open_data_download", args=[slug, "csv"])
                    ),
                    "json": request.build_absolute_uri(
                        reverse("insights_open_data_download", args=[slug, "json"])
                    ),
                }
            )
        return Response(listing)


urlpatterns = [
    path("", OpenDataIndexView.as_view(), name="api_open_data"),
    *(path(f"{slug}/", view.as_view(), name=f"api_open_data_{slug}") for slug, view in DATASET_VIEWS.items()),
]
