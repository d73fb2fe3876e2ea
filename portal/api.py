"""What every API endpoint shares: errors, pagination, and the rule of calling services.

Errors are JSON: `{"code": "...", "detail": "..."}`, plus `"fields": {"name": ["..."]}` for invalid
input, with the human message in the language the client asks for (`Accept-Language`). Services
raise Django's `ValidationError` and `PermissionDenied`; the handler turns them into 400 and 403
just like DRF's own, so a viewset can hand its input straight to a service. A service's error code
(`voting_closed`, `idea_locked`, …) becomes the response's `code`; a per-person rate limit
(`portal.rate_limits.RateLimited`) and the API's own throttling are a 429 with `Retry-After` and a
message saying when to try again.

Input serializers derive from `Input` or `ModelInput`, which refuse fields they do not take (400,
naming each); an action that takes no body calls `no_input`, which refuses one. The schema's side of
this (closed request bodies, the errors every operation can answer) is in `portal.api_schema`.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from drf_spectacular.utils import OpenApiResponse, extend_schema_field, inline_serializer
from rest_framework import exceptions, filters, parsers, serializers, status
from rest_framework.metadata import SimpleMetadata
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from portal import translated
from portal.paginator import RememberingPaginator
from portal.rate_limits import RateLimited


class Pagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}`, 20 a page, at most 100 with `?page_size=`."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = RememberingPaginator


def _messages(detail) -> list[str]:
    if isinstance(detail, list):
        return [str(item) for item in detail]
    if isinstance(detail, dict):
        return [str(item) for value in detail.values() for item in _messages(value)]
    return [str(detail)]


def _by_field(detail) -> dict:
    """Errors by field name. A body that is a list (`many=True`) has its errors by item, keyed by
    index; its items' field names are the body's field names, so they are merged by name."""
    if not isinstance(detail, dict):
        return {"non_field_errors": detail}
    if not (detail and all(isinstance(key, int) for key in detail)):
        return detail
    merged = {}
    for item in detail.values():
        for name, value in (item if isinstance(item, dict) else {"non_field_errors": item}).items():
            merged.setdefault(name, []).extend(_messages(value))
    return {name: list(dict.fromkeys(messages)) for name, messages in merged.items()}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self):
        super().__init__(_("The request is too large."))


class RateLimitReached(exceptions.Throttled):
    """A per-person limit of the services (ideas, comments, flags); the message says when to retry."""

    default_code = "rate_limited"

    def __init__(self, error: RateLimited):
        super().__init__(wait=error.retry_after_seconds, detail=" ".join(error.messages))
        # Throttled appends "Expected available in …"; the service's message already says when.
        self.detail = exceptions.ErrorDetail(" ".join(error.messages), code=self.default_code)


class TooManyRequests(exceptions.Throttled):
    """The API's throttling (per address, per user, token creation), saying when to retry.

    DRF's own message puts the number into its second sentence before translating it, so that
    sentence never matches a translation and stays in English; this one is translated whole."""

    def __init__(self, wait: float | None):
        super().__init__(wait=wait)
        if self.wait is None:
            text = _("Too many requests. Please wait a moment and try again.")
        else:
            text = ngettext(
                "Too many requests. Please try again in %(seconds)d second.",
                "Too many requests. Please try again in %(seconds)d seconds.",
                self.wait,
            ) % {"seconds": self.wait}
        self.detail = exceptions.ErrorDetail(text, code=self.default_code)


def exception_handler(error, context):
    service_code = None
    if isinstance(error, RateLimited):
        error = RateLimitReached(error)
    elif type(error) is exceptions.Throttled:
        error = TooManyRequests(error.wait)
    elif isinstance(error, RequestDataTooBig):  # more than DATA_UPLOAD_MAX_MEMORY_SIZE
        error = PayloadTooLarge()
    elif isinstance(error, DjangoValidationError):
        if not hasattr(error, "error_dict"):
            service_code = getattr(error, "code", None)
        fields = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        error = exceptions.ValidationError(fields)
    elif isinstance(error, DjangoPermissionDenied):
        error = exceptions.PermissionDenied()
    elif isinstance(error, Http404):
        error = exceptions.NotFound()
    response = drf_exception_handler(error, context)
    if response is None:
        return None
    if isinstance(error, exceptions.ValidationError):
        fields = {name: _messages(value) for name, value in _by_field(error.detail).items()}
        response.data = {
            "code": service_code or "invalid",
            # A rule of the service (not one field) is the whole message: "Voting closed on 12 March."
            "detail": " ".join(fields["non_field_errors"])
            if set(fields) == {"non_field_errors"}
            else _("The request has invalid values; see fields."),
            "fields": fields,
        }
    else:
        codes = error.get_codes() if hasattr(error, "get_codes") else "error"
        response.data = {
            "code": codes if isinstance(codes, str) else "error",
            "detail": " ".join(_messages(error.detail)),
        }
    return response


# --- Shared schema pieces ----------------------------------------------------------------------

ERROR = inline_serializer(
    "Error",
    fields={"code": serializers.CharField(), "detail": serializers.CharField()},
)
VALIDATION_ERROR = inline_serializer(
    "ValidationError",
    fields={
        "code": serializers.CharField(),
        "detail": serializers.CharField(),
        # Absent when the body could not be read at all (malformed JSON: `parse_error`).
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()), required=False
        ),
    },
)


def errors(*codes: int) -> dict:
    """OpenAPI responses for the error statuses an endpoint can answer."""
    described = {
        400: OpenApiResponse(VALIDATION_ERROR, description=_("Invalid input")),
        401: OpenApiResponse(ERROR, description=_("Not signed in")),
        403: OpenApiResponse(ERROR, description=_("Not allowed")),
        404: OpenApiResponse(ERROR, description=_("Not found, or not visible to you")),
        406: OpenApiResponse(ERROR, description=_("The API answers only in JSON")),
        409: OpenApiResponse(ERROR, description=_("Changed by someone else meanwhile")),
        413: OpenApiResponse(ERROR, description=_("The request body is too large")),
        415: OpenApiResponse(ERROR, description=_("The request body is not JSON")),
        429: OpenApiResponse(ERROR, description=_("Too many requests")),
    }
    return {code: described[code] for code in codes}


class Metadata(SimpleMetadata):
    """`OPTIONS`: the name, description and media types, without DRF's description of each
    serializer's fields (the OpenAPI schema has that, and DRF's recursion never ends on a
    serializer that nests itself, such as a comment's replies)."""

    def determine_actions(self, request, view):
        return {}


def accepted(detail: str) -> Response:
    return Response({"detail": detail}, status=status.HTTP_202_ACCEPTED)


# --- Shared input pieces -----------------------------------------------------------------------

# The largest id PostgreSQL's integer keys hold; a larger one in an address cannot name anything.
MAX_ID = 2**31 - 1


def id_from_path(value) -> int:
    """An id from the address, or 404: `abc`, `-1` or `99999999999999` name nothing here."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise exceptions.NotFound from None
    if not 0 < number <= MAX_ID:
        raise exceptions.NotFound
    return number


class StrictInput:
    """The base of every input serializer: a field it does not take is an error, not silently
    dropped, so a client's typo (`"titel"`) or an attempt at a read-only field (`"email"` on `me`)
    does not look like a successful save. Nested input serializers are held to it too."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            problems = {}
            for name in sorted(set(data) - writable):
                if name in self.fields:
                    problems[name] = [_("This field cannot be changed here.")]
                else:
                    problems[name] = [_("This field is not known here.")]
            if problems:
                raise serializers.ValidationError(problems)
        return super().to_internal_value(data)


class Input(StrictInput, serializers.Serializer):
    """Base of input serializers that are not built from a model."""


class NoInput(Input):
    """What an action without a request body accepts: nothing. A body with fields is refused
    field by field, so `{"verified": false}` sent to `verify` cannot be mistaken for an undo."""


def no_input(request) -> None:
    """Refuse a body on an action that takes none (after its permission checks, before it writes).
    Reading the body also makes a wrong content type a 415 and an oversized body a 413 here, as on
    every action that takes input."""
    data = request.data
    if data is None or (isinstance(data, dict) and not data):
        return
    NoInput(data=data).is_valid(raise_exception=True)


class DateTimeField(serializers.DateTimeField):
    """DRF's, but a moment that overflows when put in the time zone (year 1, 9999) is invalid input,
    not a server error."""

    def enforce_timezone(self, value):
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            self.fail("overflow")


class ModelInput(StrictInput, serializers.ModelSerializer):
    """Base of input serializers built from a model: strict about fields, safe with dates."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: DateTimeField,
    }


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, which also refuses JSON nested too deeply for Python to decode."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("The JSON is nested too deeply.")) from None


# Actions that take a file read `multipart/form-data`, and JSON too, so that a body without a file
# (an unknown field on a DELETE, say) is read and refused as on every other action.
UPLOAD_PARSERS = [JSONParser, parsers.MultiPartParser]


class StableOrderingFilter(filters.OrderingFilter):
    """`?ordering=`, with ties broken by id, so that pages neither repeat nor skip items."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        return [*ordering, "-pk"] if ordering else ordering


class Conflict(exceptions.APIException):
    """409: someone else changed the item since the client read it."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"
    default_detail = gettext_lazy("Someone else changed this in the meantime. Reload it and try again.")


class ShownLanguagesField(serializers.Field):
    """`{"title": "fi", "description": "sv"}`: the language each translated text is shown in, for
    the language asked (`lang` or `Accept-Language`); "" where a text is empty in every language."""

    def __init__(self, fields: tuple[str, ...], **kwargs):
        self.text_fields = fields
        kwargs.setdefault(
            "help_text", "The language each of the city's translated texts is shown in (fi, sv or en)."
        )
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return {field: translated.shown_language(value, field) for field in self.text_fields}


extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})(ShownLanguagesField)


def translated_input_missing(data, fields) -> dict:
    """Errors by field for each text given in no language at all (`title`, `title_fi`, …)."""
    problems = {}
    for field in fields:
        names = [field, *sorted(translated.localized_names([field]))]
        if not any(isinstance(data.get(name), str) and data[name].strip() for name in names):
            problems[field] = [_("Write the %(field)s in at least one language.") % {"field": _(field)}]
    return problems


class TranslatedInputMixin:
    """For a create input: each of `required_texts` must be given in one language at least, said
    together with the other fields' errors."""

    required_texts: tuple[str, ...] = ()

    def to_internal_value(self, data):
        missing = (
            {}
            if self.partial or not hasattr(data, "get")
            else translated_input_missing(data, self.required_texts)
        )
        try:
            attrs = super().to_internal_value(data)
        except serializers.ValidationError as error:
            detail = error.detail if isinstance(error.detail, dict) else {"non_field_errors": error.detail}
            raise serializers.ValidationError({**missing, **detail}) from error
        if missing:
            raise serializers.ValidationError(missing)
        return attrs
