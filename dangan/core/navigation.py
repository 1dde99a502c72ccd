"""Main-menu registry: each app adds its entries in ``AppConfig.ready`` so base.html never needs editing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .permissions import can


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    icon: str = "bi-circle"
    order: int = 100
    capability: str | None = None
    # Extra visibility test, e.g. "only organizations of these kinds"; None means every logged-in user.
    visible: Callable[[Any], bool] | None = None
    # URL-name prefixes that mark the entry active.
    active_prefixes: tuple[str, ...] = ()
    # Entries of one group share a dropdown in the navbar (e.g. "项目" for everything about projects).
    group: str = ""

    def is_active(self, current_url_name: str) -> bool:
        prefixes = self.active_prefixes or (self.url_name.rsplit("_", 1)[0],)
        return any(current_url_name.startswith(prefix) for prefix in prefixes)

    def is_visible(self, user: Any) -> bool:
        if self.capability and not can(user, self.capability):
            return False
        return self.visible is None or bool(self.visible(user))


MENU: list[MenuItem] = []


def register_menu(item: MenuItem) -> None:
    if all(existing.url_name != item.url_name for existing in MENU):
        MENU.append(item)
        MENU.sort(key=lambda m: m.order)


def menu_for(user: Any) -> list[MenuItem]:
    return [item for item in MENU if item.is_visible(user)]


@dataclass
class MenuGroup:
    label: str
    entries: list[tuple[MenuItem, bool]]

    @property
    def active(self) -> bool:
        return any(active for _, active in self.entries)


def grouped(entries: list[tuple[MenuItem, bool]]) -> list[tuple[MenuItem, bool] | MenuGroup]:
    """Entries in order, those of a group gathered at the group's first position; a group of one is
    shown as a plain entry."""
    result: list[tuple[MenuItem, bool] | MenuGroup] = []
    groups: dict[str, MenuGroup] = {}
    for item, active in entries:
        if not item.group:
            result.append((item, active))
        elif item.group in groups:
            groups[item.group].entries.append((item, active))
        else:
            groups[item.group] = MenuGroup(item.group, [(item, active)])
            result.append(groups[item.group])
    return [g.entries[0] if isinstance(g, MenuGroup) and len(g.entries) == 1 else g for g in result]


def organization_kind_in(*kinds: str) -> Callable[[Any], bool]:
    def check(user: Any) -> bool:
        org = getattr(user, "organization", None)
        return org is not None and org.kind in kinds

    return check
