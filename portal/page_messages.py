"""Telling a person on the page what went wrong, with Django's messages framework."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def error_messages(request, error: ValidationError) -> None:
    """Show each message of a service's ValidationError on the next page."""
    for message in error.messages:
        messages.error(request, message)
