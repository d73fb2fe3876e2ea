from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal.page_cache import connect_signals
        from portal.uploads import connect_file_cleanup

        connect_signals()
        connect_file_cleanup()
