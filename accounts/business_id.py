"""The Finnish business ID (Y-tunnus, FO-nummer): seven digits, a hyphen and a check digit.

The check digit is computed from the seven digits with the weights 7, 9, 10, 5, 8, 4, 2: the
weighted sum modulo 11 gives 0 (check digit 0), 1 (never issued, so invalid) or r (check digit
11 - r). Older IDs were issued with six digits; they are written today with a leading zero.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_FORMAT = re.compile(r"^(\d{6,7})-(\d)$")


def normalize_business_id(value: str) -> str:
    """Strip spaces and pad an old six-digit ID, so the same company is always written alike."""
    value = re.sub(r"\s+", "", value or "")
    match = _FORMAT.match(value)
    if not match:
        return value
    return f"{match.group(1).zfill(7)}-{match.group(2)}"


def business_id_check_digit(digits: str) -> int | None:
    """The check digit for seven digits, or None where no valid ID can have these digits."""
    remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def validate_business_id(value: str) -> None:
    normalized = normalize_business_id(value)
    match = _FORMAT.match(normalized)
    if not match:
        raise ValidationError(
            _("Write the business ID as seven digits, a hyphen and a check digit, for example 0101263-6."),
            code="business_id_format",
        )
    if business_id_check_digit(match.group(1)) != int(match.group(2)):
        raise ValidationError(
            _("The check digit of this business ID does not match. Please check the number."),
            code="business_id_checksum",
        )
