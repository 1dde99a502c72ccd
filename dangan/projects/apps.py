from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "dangan.projects"
    label = "projects"
    verbose_name = "外包项目"

    def ready(self) -> None:
        from dangan.accounts import roles
        from dangan.core.navigation import MenuItem, organization_kind_in, register_menu

        from .permissions import register_capabilities

        register_capabilities()
        business = {
            roles.REGULATOR_OFFICER,
            roles.CLIENT_MANAGER,
            roles.CLIENT_STAFF,
            roles.PROVIDER_MANAGER,
            roles.PROVIDER_OPERATOR,
        }

        def does_business(user) -> bool:
            # The 三员 keep accounts and the ledger; they do not work on projects.
            return bool(set(getattr(user, "role_codes", ())) & business)

        register_menu(
            MenuItem(
                "外包项目",
                "project_list",
                icon="bi-kanban",
                order=40,
                visible=does_business,
                active_prefixes=("project_",),
            )
        )
        register_menu(
            MenuItem(
                "项目备案",
                "project_filings",
                icon="bi-inbox",
                order=41,
                visible=organization_kind_in(roles.REGULATOR),
                active_prefixes=("project_filing",),
            )
        )
