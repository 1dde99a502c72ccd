from __future__ import annotations

from django.db import transaction

from . import roles
from .models import Role, User


class RoleAssignmentError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


@transaction.atomic
def set_roles(user: User, codes: set[str]) -> None:
    """Replace a user's roles after checking the 三员 separation; the change is ledgered by a signal."""
    kind = user.organization.kind if user.organization else ""
    problems = roles.role_conflicts(codes, kind)
    if problems:
        raise RoleAssignmentError(problems)
    wanted = list(Role.objects.filter(code__in=codes))
    current = set(user.roles.values_list("code", flat=True))
    if current == codes:
        return
    user.roles.set(wanted)
    user.forget_roles()


def ensure_roles() -> None:
    for role in roles.ROLE_DEFS:
        Role.objects.update_or_create(
            code=role.code, defaults={"name": role.name, "description": role.description}
        )
