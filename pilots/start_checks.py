"""Conditions a higher app sets on starting a pilot (the agreements app: an accepted agreement).

Each check takes the locked pilot and raises `ValidationError` saying why it cannot start yet.
Apps register theirs in `AppConfig.ready()`, so pilots never names an app above it.
"""

from collections.abc import Callable

START_CHECKS: list[Callable] = []


def register_start_check(check: Callable) -> None:
    if check not in START_CHECKS:
        START_CHECKS.append(check)


def check_startable(pilot) -> None:
    for check in START_CHECKS:
        check(pilot)
