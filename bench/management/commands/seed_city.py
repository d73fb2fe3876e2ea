import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.seeding import CitySeeder, CitySize, growth_steps
from home.demo import demo_is_loaded, load_demo
from portal.rate_limits import rate_limits_suspended


class Command(BaseCommand):
    help = "Seed a benchmark city (PostgreSQL only) into the database DATABASE_URL names."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = the default city (100,000 ideas)")
        parser.add_argument(
            "--ideas-up-to", type=int, help="Seed ideas only up to this many (for the growth measurement)"
        )
        parser.add_argument("--all-steps", action="store_true", help="Seed all of the city in one go")

    def handle(self, *args, scale, ideas_up_to, all_steps, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark city needs PostgreSQL (COPY); set DATABASE_URL.")
        size = CitySize.scaled(scale)
        seeder = CitySeeder(size)
        started = time.monotonic()
        if not demo_is_loaded():
            with rate_limits_suspended():
                load_demo()
            self.stdout.write("  the demo city")
        if not base_is_seeded(seeder):
            seeder.seed_base(log=self.stdout.write)
        steps = growth_steps(size.ideas) if all_steps or ideas_up_to is None else [ideas_up_to]
        for step in steps:
            seeder.seed_ideas(step, log=self.stdout.write)
        self.stdout.write(f"seeded in {time.monotonic() - started:.1f} s")


def base_is_seeded(seeder: CitySeeder) -> bool:
    from accounts.models import User

    return User.objects.filter(pk=seeder.user_ids().start).exists()
