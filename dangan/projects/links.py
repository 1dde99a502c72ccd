"""Links from a project's page to the other apps' pages about the same project.

Apps that work on projects (custody, production, supervision, acceptance, ocr) register their entry in
``AppConfig.ready`` so the project page never needs to know them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class ProjectLink:
    label: str
    url_name: str
    icon: str = "bi-box-arrow-up-right"
    order: int = 100
    # Whether the link applies to this user and project (e.g. only for digitization projects).
    visible: Callable[[Any, Any], bool] | None = None
    # The URL keyword that carries the project's primary key.
    kwarg: str = "pk"

    def url(self, project: Any) -> str:
        return reverse(self.url_name, kwargs={self.kwarg: project.pk})


LINKS: list[ProjectLink] = []


def register_project_link(link: ProjectLink) -> None:
    if all(existing.url_name != link.url_name for existing in LINKS):
        LINKS.append(link)
        LINKS.sort(key=lambda item: item.order)


def links_for(user: Any, project: Any) -> list[tuple[ProjectLink, str]]:
    return [
        (link, link.url(project)) for link in LINKS if link.visible is None or link.visible(user, project)
    ]
