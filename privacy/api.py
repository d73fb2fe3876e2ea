"""The data download in the API: `POST /api/v1/me/export/`."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.views import APIView

from portal.api import accepted, errors, no_input
from privacy import services


class MeExportView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            202: OpenApiResponse(
                inline_serializer("Accepted", fields={"detail": serializers.CharField()}),
                description="The export is being prepared; a notification links to it.",
            ),
            **errors(401),
        },
        summary="Ask for a download of all your data",
    )
    def post(self, request):
        no_input(request)
        services.data_export_request(actor=request.user)
        return accepted(_("We are preparing your data. You will get a notification when it is ready."))
