"""Putting a service's `ValidationError` on the form that sent the input."""

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """The errors on their fields where the form has them, on the form as a whole otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
