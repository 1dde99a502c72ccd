from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class AcceptanceConfig(AppConfig):
    name = "dangan.acceptance"
    label = "acceptance"
    verbose_name = _("成果验收")

    def ready(self) -> None:
        from dangan.projects.links import ProjectLink, register_project_link

        register_project_link(
            ProjectLink(
                gettext_noop("成果验收"),
                "acceptance:project",
                "bi-clipboard2-check",
                order=30,
                kwarg="project_pk",
            )
        )
        from dangan.core.navigation import MenuItem, register_menu

        from . import hooks
        from .permissions import register_capabilities

        register_capabilities()
        hooks.register()
        register_menu(
            MenuItem(
                gettext_noop("成果验收"),
                "acceptance:round_list",
                icon="bi-clipboard2-check",
                order=55,
                visible=hooks.does_business,
                active_prefixes=("acceptance:",),
                group=gettext_noop("项目"),
            )
        )
