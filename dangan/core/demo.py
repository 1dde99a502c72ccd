"""Demo data for the embedded installation: a provincial regulator with a city-level child, clients of
each kind, two providers and users for every role. Loaded once; a second run changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from dangan.accounts import roles
from dangan.accounts.models import Organization, User
from dangan.accounts.services import ensure_roles, set_roles
from dangan.core.audit_context import Actor, acting_as

DEMO_PASSWORD = "Dangan@2026"

ORGANIZATIONS: tuple[dict, ...] = (
    {
        "key": "province",
        "name": "某省档案局",
        "kind": roles.REGULATOR,
        "region_code": "140000",
        "uscc": "11140000MB0A000204",
        "address": "某省某市某路1号",
    },
    {
        "key": "city",
        "name": "某市档案局",
        "kind": roles.REGULATOR,
        "region_code": "140100",
        "parent": "province",
        "address": "某市某路2号",
    },
    {
        "key": "organ",
        "name": "某市人民政府办公室",
        "kind": roles.CLIENT,
        "client_kind": "organ",
        "region_code": "140100",
        "uscc": "11140100MB0A00030A",
    },
    {
        "key": "archive",
        "name": "某市档案馆",
        "kind": roles.CLIENT,
        "client_kind": "national_archive",
        "region_code": "140100",
        "uscc": "12140100MB0A000408",
    },
    {
        "key": "enterprise",
        "name": "某省能源集团有限公司",
        "kind": roles.CLIENT,
        "client_kind": "enterprise",
        "region_code": "140000",
        "uscc": "91140000MA0K567801",
    },
    {
        "key": "provider1",
        "name": "某某数字档案技术有限公司",
        "kind": roles.PROVIDER,
        "region_code": "140100",
        "uscc": "91140100MA0K12340F",
        "address": "某市高新区软件园3号楼",
    },
    {
        "key": "provider2",
        "name": "某某档案管理服务有限公司",
        "kind": roles.PROVIDER,
        "region_code": "140105",
        "uscc": "91140105MA0K90120R",
        "address": "某市某区某街8号",
    },
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    organization: str
    roles: tuple[str, ...]


USERS: tuple[DemoUser, ...] = (
    DemoUser("sysadmin", "王系统", "province", (roles.SYSADMIN,)),
    DemoUser("secadmin", "李保密", "province", (roles.SECADMIN,)),
    DemoUser("auditor", "赵审计", "province", (roles.AUDITOR,)),
    DemoUser("inspector", "孙监管", "province", (roles.REGULATOR_OFFICER,)),
    DemoUser("city_inspector", "周监管", "city", (roles.REGULATOR_OFFICER,)),
    DemoUser("organ_manager", "吴主任", "organ", (roles.CLIENT_MANAGER,)),
    DemoUser("organ_staff", "郑档案", "organ", (roles.CLIENT_STAFF,)),
    DemoUser("archive_manager", "冯馆长", "archive", (roles.CLIENT_MANAGER,)),
    DemoUser("enterprise_manager", "陈经理", "enterprise", (roles.CLIENT_MANAGER,)),
    DemoUser("provider_manager", "褚项目", "provider1", (roles.PROVIDER_MANAGER,)),
    DemoUser("provider_operator", "卫作业", "provider1", (roles.PROVIDER_OPERATOR,)),
    DemoUser("provider2_manager", "蒋项目", "provider2", (roles.PROVIDER_MANAGER,)),
)


# Each app that has demo data offers an idempotent loader; they run in this order after the base data.
APP_DEMO_LOADERS: tuple[str, ...] = (
    "dangan.providers.demo:load_providers_demo",
    "dangan.projects.demo:load_projects_demo",
    "dangan.custody.demo:load_custody_demo",
    "dangan.supervision.demo:load_supervision_demo",
    "dangan.acceptance.demo:load_acceptance_demo",
)


def _app_loaders() -> list:
    import importlib

    loaders = []
    for spec in APP_DEMO_LOADERS:
        module_name, func_name = spec.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and (module_name + ".").startswith(exc.name + "."):  # that app has no demo data (yet)
                continue
            raise
        loaders.append(getattr(module, func_name))
    return loaders


def demo_loaded() -> bool:
    return Organization.objects.filter(name=ORGANIZATIONS[0]["name"]).exists()


@transaction.atomic
def load_demo() -> bool:
    """Create the demo data unless it is already there. Returns True when it was created now."""
    if demo_loaded():
        return False
    ensure_roles()
    with acting_as(Actor.system("demo")):
        _load_base()
        for loader in _app_loaders():
            loader()
    return True


def _load_base() -> None:
    orgs: dict[str, Organization] = {}
    for spec in ORGANIZATIONS:
        fields = {k: v for k, v in spec.items() if k not in ("key", "parent")}
        org = Organization(**fields, parent=orgs.get(spec.get("parent", "")))
        org.full_clean()
        org.save()
        orgs[spec["key"]] = org
    for spec in USERS:
        user = User(username=spec.username, full_name=spec.full_name, organization=orgs[spec.organization])
        user.set_password(DEMO_PASSWORD)
        user.save()
        set_roles(user, set(spec.roles))


def login_table() -> str:
    lines = [f"演示账号（口令均为 {DEMO_PASSWORD}）/ demo logins (password {DEMO_PASSWORD}):"]
    names = {spec["key"]: spec["name"] for spec in ORGANIZATIONS}
    for spec in USERS:
        role_names = "、".join(roles.ROLE_BY_CODE[c].name for c in spec.roles)
        lines.append(f"  {spec.username:<20} {names[spec.organization]:<16} {role_names}")
    return "\n".join(lines)
