"""The OpenAPI schema generator for the API (`REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]`).

Apart from `portal.api` because drf-spectacular's generator reads DRF's settings when it is
imported, and those name classes in `portal.api`.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from portal.api import errors


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's, plus the 404 that every paginated list and every address with an id can
    answer (a page past the end, an id that names nothing you may see), so no view has to repeat it."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None or "404" in operation["responses"]:
            return operation
        parameters = operation.get("parameters", [])
        paginated = any(p.get("in") == "query" and p.get("name") == "page" for p in parameters)
        addressed = any(p.get("in") == "path" for p in parameters)
        if paginated or addressed:
            operation["responses"]["404"] = self._get_response_for_code(errors(404)[404], "404")
        return operation
