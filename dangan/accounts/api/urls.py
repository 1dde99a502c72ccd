from django.urls import path

from dangan.core.api import api_router

from . import views

api_router.register("organizations", views.OrganizationViewSet, basename="organization")
api_router.register("users", views.UserViewSet, basename="user")

urlpatterns = [
    path("me/", views.me, name="api-me"),
    path("roles/", views.role_list, name="api-roles"),
]
