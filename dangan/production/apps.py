from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class ProductionConfig(AppConfig):
    name = "dangan.production"
    label = "production"
    verbose_name = _("生产进度")

    def ready(self) -> None:
        from dangan.projects.links import ProjectLink, register_project_link

        def tracks_production(user, project) -> bool:
            return bool({"digitization", "organizing"} & set(project.service_types or []))

        register_project_link(
            ProjectLink(
                gettext_noop("生产进度"),
                "production:board",
                "bi-kanban",
                order=20,
                visible=tracks_production,
                kwarg="project_pk",
            )
        )
        from dangan.accounts import roles
        from dangan.core.navigation import MenuItem, organization_kind_in, register_menu

        from . import permissions  # noqa: F401

        register_menu(
            MenuItem(
                gettext_noop("生产进度"),
                "production:index",
                icon="bi-kanban",
                order=45,
                visible=organization_kind_in(roles.CLIENT, roles.PROVIDER, roles.REGULATOR),
                active_prefixes=("production:",),
                group=gettext_noop("项目"),
            )
        )
