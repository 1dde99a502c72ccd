from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class CustodyConfig(AppConfig):
    name = "dangan.custody"
    label = "custody"
    verbose_name = _("原件交接与对账")

    def ready(self) -> None:
        from dangan.projects.links import ProjectLink, register_project_link

        register_project_link(
            ProjectLink(
                gettext_noop("原件交接与对账"),
                "custody:project",
                "bi-arrow-left-right",
                order=10,
                kwarg="project_pk",
            )
        )
        from dangan.accounts import roles
        from dangan.core.navigation import MenuItem, organization_kind_in, register_menu

        from . import permissions  # noqa: F401

        register_menu(
            MenuItem(
                gettext_noop("档案与交接"),
                "custody:unit_list",
                icon="bi-box-seam",
                order=40,
                visible=organization_kind_in(roles.CLIENT, roles.PROVIDER, roles.REGULATOR),
                active_prefixes=("custody:",),
                group=gettext_noop("项目"),
            )
        )
        _register_fact_provider()


def _register_fact_provider() -> None:
    """Contribute the CUSTODY facts to the project close check when the projects app offers the hook."""
    try:
        from dangan.projects import services as project_services
    except ImportError:
        return
    providers = getattr(project_services, "FACT_PROVIDERS", None)
    if providers is None:
        return
    from .services import fill_custody_facts

    if fill_custody_facts not in providers:
        providers.append(fill_custody_facts)
