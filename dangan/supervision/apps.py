from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class SupervisionConfig(AppConfig):
    name = "dangan.supervision"
    label = "supervision"
    verbose_name = _("监督检查")

    def ready(self) -> None:
        from dangan.projects.links import ProjectLink, register_project_link

        register_project_link(
            ProjectLink(gettext_noop("工作台账"), "supervision:work_ledger", "bi-journal-text", order=40)
        )
        from dangan.accounts import roles
        from dangan.core.navigation import MenuItem, organization_kind_in, register_menu

        from . import adapters, permissions, signals  # noqa: F401

        permissions.register_capabilities()
        register_menu(
            MenuItem(
                gettext_noop("监督检查"),
                "supervision:inspection_list",
                icon="bi-clipboard-check",
                order=60,
                visible=organization_kind_in(roles.CLIENT, roles.PROVIDER, roles.REGULATOR),
                active_prefixes=(
                    "supervision:inspection",
                    "supervision:rectification",
                    "supervision:incident",
                    "supervision:finding",
                    "supervision:work_ledger",
                ),
                group=gettext_noop("监督"),
            )
        )
        register_menu(
            MenuItem(
                gettext_noop("监管总览"),
                "supervision:regulator_home",
                icon="bi-binoculars",
                order=61,
                capability=permissions.REGULATOR_VIEW,
                active_prefixes=(
                    "supervision:regulator",
                    "supervision:notice",
                    "supervision:action",
                    "supervision:negative",
                    "supervision:credit",
                ),
                group=gettext_noop("监督"),
            )
        )
        # Notifications are reached through the bell in the navbar.
        adapters.register_fact_provider()
