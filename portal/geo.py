"""Points on the map of Espoo: the city's area as a box of coordinates (WGS 84), and the check that
a point lies in it.

The box is drawn generously round the city's land and sea area (Nuuksio in the north-west to the
outer islands in the south), so a real address in Espoo always passes and a point in Helsinki's
centre, Vantaa's airport or a swapped latitude and longitude does not. Coordinates are kept as
decimals with six places (about 10 cm), which is what the map and GeoJSON use.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LATITUDE_MIN = Decimal("60.10")
LATITUDE_MAX = Decimal("60.37")
LONGITUDE_MIN = Decimal("24.45")
LONGITUDE_MAX = Decimal("24.93")

# Where the map opens: between Tapiola and Leppävaara.
CENTRE = (Decimal("60.205"), Decimal("24.70"))


def in_espoo(latitude, longitude) -> bool:
    if latitude is None or longitude is None:
        return False
    latitude, longitude = Decimal(str(latitude)), Decimal(str(longitude))
    return LATITUDE_MIN <= latitude <= LATITUDE_MAX and LONGITUDE_MIN <= longitude <= LONGITUDE_MAX


def validate_point_in_espoo(latitude, longitude, *, field: str = "latitude") -> None:
    """`ValidationError` on `field` with a message for people when the point is not in Espoo."""
    if not in_espoo(latitude, longitude):
        raise ValidationError(
            {
                field: ValidationError(
                    _(
                        "The point %(latitude)s, %(longitude)s is outside Espoo. Give a latitude between "
                        "%(lat_min)s and %(lat_max)s and a longitude between %(lon_min)s and %(lon_max)s."
                    )
                    % {
                        "latitude": latitude,
                        "longitude": longitude,
                        "lat_min": LATITUDE_MIN,
                        "lat_max": LATITUDE_MAX,
                        "lon_min": LONGITUDE_MIN,
                        "lon_max": LONGITUDE_MAX,
                    },
                    code="outside_espoo",
                )
            }
        )


def espoo_box_condition(prefix: str = ""):
    """The box as a `Q` for a CheckConstraint on `latitude` / `longitude` (with an optional prefix)."""
    from django.db.models import Q

    return Q(
        **{
            f"{prefix}latitude__gte": LATITUDE_MIN,
            f"{prefix}latitude__lte": LATITUDE_MAX,
            f"{prefix}longitude__gte": LONGITUDE_MIN,
            f"{prefix}longitude__lte": LONGITUDE_MAX,
        }
    )
