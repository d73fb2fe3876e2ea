import pytest
from django.core.exceptions import ValidationError

from accounts.business_id import business_id_check_digit, normalize_business_id, validate_business_id


@pytest.mark.parametrize(
    "value",
    ["0101263-6", "1572860-0", "0112038-9", " 0101263-6 ", "101263-6"],
)
def test_valid_business_ids_pass(value):
    validate_business_id(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("0101263-5", "business_id_checksum"),
        ("1572860-1", "business_id_checksum"),
        ("01012636", "business_id_format"),
        ("0101263_6", "business_id_format"),
        ("FI01012636", "business_id_format"),
        ("", "business_id_format"),
        ("12345678-9", "business_id_format"),
    ],
)
def test_invalid_business_ids_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as caught:
        validate_business_id(value)
    assert caught.value.code == code


def test_remainder_one_has_no_valid_check_digit():
    # 0000005: 5 * 2 = 10 -> remainder 10 -> check digit 1; 0000006: 12 -> remainder 1 -> none.
    digits = "0000006"
    assert business_id_check_digit(digits) is None
    for check in range(10):
        with pytest.raises(ValidationError):
            validate_business_id(f"{digits}-{check}")


def test_normalize_pads_old_six_digit_ids_and_strips_spaces():
    assert normalize_business_id(" 101263-6") == "0101263-6"
    assert normalize_business_id("0101263 -6") == "0101263-6"
    assert normalize_business_id("nonsense") == "nonsense"
