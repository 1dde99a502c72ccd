from dangan.core.api import api_router

from . import views

api_router.register("projects", views.ProjectViewSet, basename="project")
api_router.register("project-archive-groups", views.ArchiveGroupViewSet, basename="project-archive-group")
api_router.register("project-sites", views.SiteViewSet, basename="project-site")
api_router.register("project-persons", views.ResponsiblePersonViewSet, basename="project-person")
api_router.register("project-filing-policies", views.FilingPolicyViewSet, basename="project-filing-policy")

urlpatterns: list = []
