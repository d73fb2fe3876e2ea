"""A city of a given size, and the seeder that builds it: its base, then its ideas in stages."""

import math
import random
from dataclasses import dataclass, fields

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from bench.seeding.city_base import CityBaseSeeding
from bench.seeding.ideas import IdeaSeeding
from challenges.models import Challenge
from ideas.models import Idea


@dataclass(frozen=True)
class CitySize:
    users: int = 100_000
    organizations: int = 300
    challenges: int = 60
    ideas: int = 100_000
    votes: int = 1_000_000
    comments: int = 300_000
    pilots: int = 2_000
    follows: int = 200_000

    @classmethod
    def scaled(cls, factor: float) -> "CitySize":
        base = cls()
        return cls(**{f.name: max(1, round(getattr(base, f.name) * factor)) for f in fields(cls)})


class CitySeeder(CityBaseSeeding, IdeaSeeding):
    def __init__(self, size: CitySize, seed: int = 2026):
        self.size = size
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.idea_type = ContentType.objects.get_for_model(Idea)
        self.challenge_type = ContentType.objects.get_for_model(Challenge)


def growth_steps(ideas: int) -> list[int]:
    """The sizes the growth measurement visits: 1%, 10% and all of the city's ideas."""
    return sorted({max(1, math.ceil(ideas / 100)), max(1, math.ceil(ideas / 10)), ideas})
