from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class ProjectsConfig(AppConfig):
    name = "dangan.projects"
    label = "projects"
    verbose_name = _("外包项目")

    def ready(self) -> None:
        from dangan.accounts import roles
        from dangan.core.navigation import MenuItem, organization_kind_in, register_menu

        from .dashboard import does_business, register_panels
        from .permissions import register_capabilities

        register_capabilities()
        register_panels()
        register_menu(
            MenuItem(
                gettext_noop("外包项目"),
                "project_list",
                icon="bi-kanban",
                order=40,
                visible=does_business,
                active_prefixes=("project_",),
                group=gettext_noop("项目"),
            )
        )
        register_menu(
            MenuItem(
                gettext_noop("项目备案"),
                "project_filings",
                icon="bi-inbox",
                order=41,
                visible=lambda user: does_business(user) and organization_kind_in(roles.REGULATOR)(user),
                active_prefixes=("project_filing",),
                group=gettext_noop("项目"),
            )
        )
