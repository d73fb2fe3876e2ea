from django.core.management.base import BaseCommand

from home.demo import DEMO_PASSWORD, DEMO_USERS, demo_is_loaded, load_demo


class Command(BaseCommand):
    help = "Load the demo content (a small Espoo) once; does nothing if it is already there."

    def handle(self, *args, **options):
        if demo_is_loaded():
            self.stdout.write("Demo content is already loaded.")
        else:
            load_demo()
            self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self.stdout.write(
            f"Demo accounts (for trying the portal only), password '{DEMO_PASSWORD}':\n"
            + "\n".join(f"  {email:<26} {name}" for email, name, _lang, _roles in DEMO_USERS)
        )
