"""Web UI of accounts: login, dashboard, organizations, users, role assignment.

Reads go through ``Model.objects.restrict`` (via dangan.core.views or directly), so an object outside
the user's organization or jurisdiction answers 404; capabilities answer 403.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django.views.generic.detail import SingleObjectMixin

from dangan.core.dashboard import panels_for
from dangan.core.permissions import can
from dangan.core.scoping import CHANGE
from dangan.core.views import CapabilityRequiredMixin, ObjectDetailView, ObjectEditView, ObjectListView
from dangan.ledger import services as ledger
from dangan.ledger.models import LedgerEntry

from . import roles
from .filtersets import OrganizationFilterSet, UserFilterSet
from .forms import LoginForm, OrganizationForm, RoleAssignmentForm, UserForm
from .models import Organization, User
from .services import RoleAssignmentError, set_roles
from .tables import OrganizationTable, UserTable

SECURITY_EVENTS = ("login_failure", "account_locked", "account_unlocked", "role_change", "permission_change")

# ------------------------------------------------------------------------------------ authentication


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "threshold": settings.LOCKOUT_THRESHOLD}


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs["class"] = "form-control"
        return form

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            ledger.append("password_change", obj=self.request.user, after={"by": "self"})
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


# ----------------------------------------------------------------------------------------- dashboard


def primary_role(user: User) -> roles.RoleDef | None:
    for role in roles.ROLE_DEFS:
        if role.code in user.role_codes:
            return role
    return None


def _kind_counts(queryset: QuerySet[Organization]) -> list[dict[str, Any]]:
    counts = dict(queryset.values_list("kind").annotate(n=Count("pk")))
    return [
        {"code": code, "label": gettext(label), "count": counts.get(code, 0)}
        for code, label in roles.ORGANIZATION_KINDS
    ]


def _client_kind_counts(queryset: QuerySet[Organization]) -> list[dict[str, Any]]:
    counts = dict(queryset.filter(kind=roles.CLIENT).values_list("client_kind").annotate(n=Count("pk")))
    return [
        {"code": code, "label": gettext(label), "count": counts.get(code, 0)}
        for code, label in roles.CLIENT_KINDS
    ]


class DashboardView(LoginRequiredMixin, generic.TemplateView):
    """One page per user, composed of the sections that the user's roles and organization call for."""

    template_name = "dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: User = self.request.user
        org = user.organization
        role = primary_role(user)
        context.update(
            organization=org,
            primary_role=role,
            headline=(
                gettext("%(role)s工作台") % {"role": gettext(role.name)} if role else gettext("工作台")
            ),
            held_roles=[r for r in roles.ROLE_DEFS if r.code in user.role_codes],
            now=timezone.now(),
        )
        if org is None:
            return context
        if org.is_regulator and user.has_role(roles.REGULATOR_OFFICER, roles.SYSADMIN):
            context["jurisdiction"] = self._jurisdiction(user, org)
        if not org.is_regulator:
            context["own_org_users"] = (
                User.objects.restrict(user).filter(organization=org).prefetch_related("roles")
            )
        if user.has_role(roles.SYSADMIN):
            context["sysadmin"] = self._sysadmin(user, org)
        if user.has_role(roles.SECADMIN):
            context["secadmin"] = self._secadmin(user)
        if user.has_role(roles.AUDITOR):
            context["auditor"] = self._auditor(user)
        context["app_panels"] = panels_for(user)
        return context

    def _jurisdiction(self, user: User, org: Organization) -> dict[str, Any]:
        orgs = Organization.objects.restrict(user)
        kinds = _kind_counts(orgs)
        client_kinds = _client_kind_counts(orgs)
        return {
            "prefix": org.jurisdiction_prefix,
            "total": sum(k["count"] for k in kinds),
            "kinds": kinds,
            "client_kinds": client_kinds,
            "chart": {
                "kinds": [{"name": k["label"], "value": k["count"]} for k in kinds],
                "client_kinds": [{"name": k["label"], "value": k["count"]} for k in client_kinds],
            },
            "children": org.children.order_by("region_code"),
            "locked_users": User.objects.restrict(user)
            .filter(locked_until__gt=timezone.now())
            .select_related("organization"),
        }

    def _sysadmin(self, user: User, org: Organization) -> dict[str, Any]:
        users = User.objects.restrict(user)
        data: dict[str, Any] = {
            "user_count": users.count(),
            "active_count": users.filter(is_active=True).count(),
            "locked_users": users.filter(locked_until__gt=timezone.now()).select_related("organization"),
            "no_role_count": users.filter(roles__isnull=True).count(),
        }
        if org.is_regulator:
            data["organization_count"] = Organization.objects.restrict(user).count()
        return data

    def _secadmin(self, user: User) -> dict[str, Any]:
        users = User.objects.restrict(user)
        counts = dict(users.values_list("roles__code").annotate(n=Count("pk", distinct=True)))
        distribution = [
            {"code": r.code, "label": gettext(r.name), "count": counts.get(r.code, 0)}
            for r in roles.ROLE_DEFS
            # a regulator's scope holds clients and providers too, so it sees every role
            if user.organization.is_regulator or user.organization.kind in r.organization_kinds
        ]
        return {
            "user_count": users.count(),
            "distribution": distribution,
            "without_role": counts.get(None, 0),
            "chart": [{"name": d["label"], "value": d["count"]} for d in distribution],
        }

    def _auditor(self, user: User) -> dict[str, Any]:
        entries = LedgerEntry.objects.restrict(user)
        last_verify = entries.filter(event="ledger_verify").order_by("-seq").first()
        return {
            "size": entries.count(),
            "last_verify": last_verify,
            "last_verify_result": (last_verify.after or {}) if last_verify else None,
            "recent": entries.filter(event__in=SECURITY_EVENTS).order_by("-seq")[:10],
            "failures_today": entries.filter(
                event="login_failure", timestamp__date=timezone.localdate()
            ).count(),
        }


# ------------------------------------------------------------------------------------- organizations


class OrganizationListView(ObjectListView):
    model = Organization
    table_class = OrganizationTable
    filterset_class = OrganizationFilterSet
    title = _("单位")
    add_url_name = "organization_add"
    add_capability = "organization.manage"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("parent")


class OrganizationDetailView(ObjectDetailView):
    model = Organization
    template_name = "accounts/organization_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        org: Organization = self.object
        context["users"] = (
            User.objects.restrict(user)
            .filter(organization=org)
            .prefetch_related("roles")
            .order_by("username")
        )
        context["children"] = Organization.objects.restrict(user).filter(parent=org)
        context["can_edit"] = (
            can(user, "organization.manage")
            and Organization.objects.restrict(user, CHANGE).filter(pk=org.pk).exists()
        )
        return context


class OrganizationEditView(ObjectEditView):
    model = Organization
    form_class = OrganizationForm
    capability = "organization.manage"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = gettext("修改单位") if self.object else gettext("新增单位")
        if self.object:
            context["cancel_url"] = reverse("organization_detail", args=[self.object.pk])
        else:
            context["cancel_url"] = reverse("organization_list")
        return context

    def get_success_url(self) -> str:
        return reverse("organization_detail", args=[self.object.pk])


# --------------------------------------------------------------------------------------------- users


class UserListView(ObjectListView):
    model = User
    table_class = UserTable
    filterset_class = UserFilterSet
    title = _("用户")
    add_url_name = "user_add"
    add_capability = "user.manage"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("organization").prefetch_related("roles")


class UserDetailView(ObjectDetailView):
    model = User
    template_name = "accounts/user_detail.html"
    context_object_name = "account"  # "user" is the logged-in user in every template

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("organization").prefetch_related("roles")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        actor = self.request.user
        changeable = User.objects.restrict(actor, CHANGE).filter(pk=self.object.pk).exists()
        context["can_manage"] = changeable and can(actor, "user.manage")
        context["can_assign_roles"] = (
            changeable and can(actor, "user.assign_roles") and self.object.pk != actor.pk
        )
        return context


class UserEditView(ObjectEditView):
    model = User
    form_class = UserForm
    capability = "user.manage"
    context_object_name = "account"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = gettext("修改用户") if self.object else gettext("新增用户")
        context["cancel_url"] = (
            reverse("user_detail", args=[self.object.pk]) if self.object else reverse("user_list")
        )
        return context

    def get_success_url(self) -> str:
        return reverse("user_detail", args=[self.object.pk])


class UserUnlockView(CapabilityRequiredMixin, generic.View):
    capability = "user.manage"
    http_method_names = ["post"]

    def post(self, request, pk: int) -> HttpResponseRedirect:
        target = get_object_or_404(User.objects.restrict(request.user, CHANGE), pk=pk)
        if not target.is_locked:
            messages.info(request, gettext("该账号未被锁定"))
            return redirect("user_detail", pk=target.pk)
        with transaction.atomic():
            # A queryset update keeps the ordinary "update" signal out: the unlock is its own ledger event.
            User.objects.filter(pk=target.pk).update(locked_until=None, failed_login_count=0)
            ledger.append(
                "account_unlocked",
                obj=target,
                before={"locked_until": target.locked_until},
                after={"locked_until": None},
            )
        messages.success(request, gettext("账号 %(name)s 已解锁") % {"name": target.username})
        return redirect("user_detail", pk=target.pk)


class UserRolesView(CapabilityRequiredMixin, SingleObjectMixin, generic.FormView):
    capability = "user.assign_roles"
    form_class = RoleAssignmentForm
    template_name = "accounts/user_roles.html"
    context_object_name = "account"

    def get_queryset(self) -> QuerySet:
        return User.objects.restrict(self.request.user, CHANGE).select_related("organization")

    def dispatch(self, request, *args: Any, **kwargs: Any):
        if request.user.is_authenticated and can(request.user, self.capability):
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "target": self.object, "actor": self.request.user}

    def form_valid(self, form: RoleAssignmentForm):
        try:
            set_roles(self.object, set(form.cleaned_data["roles"]))
        except RoleAssignmentError as exc:
            for problem in exc.problems:
                form.add_error("roles", problem)
            return self.form_invalid(form)
        messages.success(self.request, gettext("已更新 %(name)s 的角色") % {"name": self.object})
        return redirect("user_detail", pk=self.object.pk)
