from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        # The pilot waits for its agreement, and its page shows the timeline and the city's decision:
        # registered here, so that pilots never names this app.
        from agreements import public, services
        from pilots.page_sections import register_section
        from pilots.start_checks import register_start_check

        register_start_check(services.agreement_check_startable)
        register_section(public.pilot_section)
