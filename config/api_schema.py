"""The OpenAPI schema generator for the API (`REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]`), and a hook
that closes request bodies to fields they do not take (`SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]`).

Apart from `portal.api` because drf-spectacular's generator reads DRF's settings when it is
imported, and those name classes in `portal.api`.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from portal.api import errors

# Methods that change something: each reads a request body (an action without one refuses any).
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's, plus the errors that the API's shared machinery can answer on any
    operation, so no view has to repeat them:

    - every operation: 401 (a token that is wrong or revoked is refused wherever it is sent), 406
      (an `Accept` header that JSON does not satisfy) and 429 (the per-user and per-IP throttles);
    - every write: 400 (malformed JSON, unknown fields), 403 (a signed-in session without its CSRF
      token), 413 (a body over `DATA_UPLOAD_MAX_MEMORY_SIZE`) and 415 (a body that is not JSON);
    - every paginated list and every address with an id: 404 (a page past the end, an id that
      names nothing you may see).

    What a view documents itself (its own 400 or 403, say) is kept as it is.
    """

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return operation
        codes = {401, 406, 429}
        if self.method in WRITE_METHODS:
            codes |= {400, 403, 413, 415}
        parameters = operation.get("parameters", [])
        paginated = any(p.get("in") == "query" and p.get("name") == "page" for p in parameters)
        addressed = any(p.get("in") == "path" for p in parameters)
        if paginated or addressed:
            codes.add(404)
        responses = operation["responses"]
        for code, response in errors(*sorted(codes)).items():
            responses.setdefault(str(code), self._get_response_for_code(response, str(code)))
        operation["responses"] = dict(sorted(responses.items()))
        return operation


def doc_excludes() -> list[type]:
    """drf-spectacular's classes whose docstrings are for developers, not clients, plus the API's
    own bases (`SPECTACULAR_SETTINGS["GET_LIB_DOC_EXCLUDES"]`): otherwise a serializer without a
    docstring of its own would be described to clients by its base's."""
    from drf_spectacular.plumbing import get_lib_doc_excludes

    from engagement.api import EngagementFieldsMixin
    from portal.api import Input, ModelInput, NoInput, StrictInput

    return [*get_lib_doc_excludes(), StrictInput, Input, NoInput, ModelInput, EngagementFieldsMixin]


def _component(schema: dict, components: dict) -> tuple[str | None, dict]:
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        name = ref.rsplit("/", 1)[1]
        return name, components[name]
    return None, schema


def _walk(schema: dict, components: dict, seen: set[str]):
    """Every object schema reachable from `schema`, following references once each."""
    name, schema = _component(schema, components)
    if name is not None:
        if name in seen:
            return
        seen.add(name)
    yield name, schema
    children = [*schema.get("properties", {}).values(), *schema.get("allOf", []), *schema.get("oneOf", [])]
    children += [*schema.get("anyOf", []), schema.get("items") or {}]
    if isinstance(schema.get("additionalProperties"), dict):
        children.append(schema["additionalProperties"])
    for child in children:
        if child:
            yield from _walk(child, components, seen)


def close_request_bodies(result, generator, request, public):
    """Request bodies take only the fields they list (`additionalProperties: false`), as the input
    serializers enforce (`portal.api.StrictInput`), so clients and fuzzers know an unknown field is
    an error. Only schemas that no response uses are touched (COMPONENT_SPLIT_REQUEST keeps them
    apart; this makes sure)."""
    components = result.get("components", {}).get("schemas", {})
    requests, responses = [], []
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for content in operation.get("requestBody", {}).get("content", {}).values():
                requests.append(content["schema"])
            for response in operation.get("responses", {}).values():
                for content in response.get("content", {}).values():
                    responses.append(content["schema"])
    in_responses: set[str] = set()
    for schema in responses:
        for _name, _schema in _walk(schema, components, in_responses):
            pass
    seen: set[str] = set()
    for body in requests:
        for name, schema in _walk(body, components, seen):
            if name in in_responses:
                continue
            if "properties" in schema and "additionalProperties" not in schema:
                schema["additionalProperties"] = False
    return result
