from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and organizations")

    def ready(self):
        from accounts.selectors import search_organizations
        from portal.searchable import SearchKind, register_searchable

        register_searchable(
            SearchKind(key="organizations", label=_("Organizations"), find=search_organizations, order=40)
        )
