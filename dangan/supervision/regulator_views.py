"""The regulator's pages: jurisdiction overview with statistics, provider credit, negative list (with a
public, login-free page of the published entries), notices (通报), actions (REG-51) and Excel export."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from dangan.accounts import roles
from dangan.accounts.models import Organization
from dangan.core.permissions import can
from dangan.core.scoping import user_organization
from dangan.core.views import CapabilityRequiredMixin, ObjectListView
from dangan.ledger import services as ledger
from dangan.projects.models import Project, ProjectStatus

from . import adapters, exports, forms
from .filtersets import NoticeFilterSet
from .models import (
    FINDING_CATEGORIES,
    Finding,
    Incident,
    IncidentStatus,
    NegativeListEntry,
    Notice,
    OrderStatus,
    RectificationOrder,
    RegulatorAction,
)
from .permissions import NEGATIVE_LIST, NOTICE, REGULATOR_ACTION, REGULATOR_VIEW
from .services import SupervisionError
from .services import regulator as regulator_services
from .services.deadlines import maybe_check_deadlines
from .tables import NoticeTable


def jurisdiction_data(user: Any) -> dict[str, Any]:
    projects = Project.objects.restrict(user).select_related("client", "provider")
    orders = RectificationOrder.objects.restrict(user)
    incidents = Incident.objects.restrict(user)
    per_project_orders = dict(
        orders.exclude(status=OrderStatus.VERIFIED)
        .values("project")
        .annotate(n=Count("pk"))
        .values_list("project", "n")
    )
    per_project_overdue = dict(
        orders.filter(status=OrderStatus.OVERDUE)
        .values("project")
        .annotate(n=Count("pk"))
        .values_list("project", "n")
    )
    per_project_incidents = dict(
        incidents.exclude(status=IncidentStatus.CLOSED)
        .values("project")
        .annotate(n=Count("pk"))
        .values_list("project", "n")
    )
    rows = []
    for p in projects:
        rows.append(
            {
                "project": p,
                "open_orders": per_project_orders.get(p.pk, 0),
                "overdue_orders": per_project_overdue.get(p.pk, 0),
                "open_incidents": per_project_incidents.get(p.pk, 0),
                "compliant": not per_project_overdue.get(p.pk) and not per_project_incidents.get(p.pk),
            }
        )
    return {
        "projects": rows,
        "overdue": list(
            orders.filter(status=OrderStatus.OVERDUE).select_related("issued_by", "addressed_to", "project")
        ),
        "incidents": list(incidents.select_related("project", "reported_to")[:100]),
        "projects_qs": projects,
    }


def providers_in(user: Any) -> Any:
    org = user_organization(user)
    return Organization.objects.filter(kind=roles.PROVIDER, region_code__startswith=org.jurisdiction_prefix)


def statistics(user: Any, projects: Any) -> dict[str, Any]:
    types: Counter[str] = Counter()
    for p in projects:
        for label in p.service_type_labels:
            types[label] += 1
    statuses = Counter(p.get_status_display() for p in projects)
    findings = Counter(Finding.objects.restrict(user).values_list("category", flat=True))
    extra: list[dict[str, Any]] = []
    for provider in adapters.STAT_PROVIDERS:
        extra.extend(provider(projects))
    return {
        "by_type": [{"name": k, "value": v} for k, v in types.most_common()],
        "by_status": [
            {"name": label, "value": statuses[label]} for _, label in ProjectStatus.choices if statuses[label]
        ],
        "by_category": [
            {"name": gettext(FINDING_CATEGORIES.get(k, k)), "value": v} for k, v in findings.most_common()
        ],
        "pages": adapters.pages_digitized(projects),
        "extra": extra,
    }


class RegulatorHomeView(CapabilityRequiredMixin, View):
    capability = REGULATOR_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        maybe_check_deadlines()
        data = jurisdiction_data(request.user)
        data["stats"] = statistics(request.user, data["projects_qs"])
        return render(request, "supervision/regulator_home.html", data)


class RegulatorExportView(CapabilityRequiredMixin, View):
    capability = REGULATOR_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        data = jurisdiction_data(request.user)
        credits = [regulator_services.provider_credit(p) for p in providers_in(request.user)]
        content = exports.regulator_xlsx(data["projects"], credits, data["overdue"], data["incidents"])
        with transaction.atomic():
            ledger.append(
                "export",
                obj=user_organization(request.user),
                after={
                    "what": "supervision_jurisdiction",
                    "format": "xlsx",
                    "projects": len(data["projects"]),
                },
            )
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = 'attachment; filename="jurisdiction-supervision.xlsx"'
        return response


class CreditListView(CapabilityRequiredMixin, View):
    capability = REGULATOR_VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        credits = [regulator_services.provider_credit(p) for p in providers_in(request.user)]
        return render(request, "supervision/credit_list.html", {"credits": credits})


class NegativeListView(CapabilityRequiredMixin, View):
    capability = NEGATIVE_LIST

    def get(self, request: HttpRequest, form: Any = None) -> HttpResponse:
        entries = (
            NegativeListEntry.objects.restrict(request.user)
            .filter(Q(regulator=user_organization(request.user)) | Q(provider__in=providers_in(request.user)))
            .select_related("provider", "regulator")
        )
        return render(
            request,
            "supervision/negative_list.html",
            {
                "entries": entries,
                "form": form or forms.NegativeListForm(user=request.user),
                "my_org": user_organization(request.user),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            if request.POST.get("entry"):
                entry = get_object_or_404(
                    NegativeListEntry.objects.restrict(request.user, "change"), pk=request.POST["entry"]
                )
                if request.POST.get("action") == "remove":
                    regulator_services.remove_from_negative_list(entry, request.user)
                else:
                    regulator_services.set_published(
                        entry, request.user, request.POST.get("published") == "1"
                    )
            else:
                form = forms.NegativeListForm(request.POST, user=request.user)
                if not form.is_valid():
                    return self.get(request, form)
                d = form.cleaned_data
                regulator_services.add_to_negative_list(
                    request.user, d["provider"], d["reason"], d["basis"], d["published"]
                )
            messages.success(request, gettext("已保存"))
        except SupervisionError as exc:
            messages.error(request, exc.message)
        return redirect("supervision:negative_list")


class PublicNegativeListView(View):
    """No login: only published, active entries, so the public and every client can check a provider."""

    def get(self, request: HttpRequest) -> HttpResponse:
        entries = NegativeListEntry.objects.filter(published=True, removed_on__isnull=True).select_related(
            "provider", "regulator"
        )
        return render(request, "supervision/public_negative_list.html", {"entries": entries})


class NoticeListView(ObjectListView):
    model = Notice
    table_class = NoticeTable
    filterset_class = NoticeFilterSet
    title = _("通报")
    add_url_name = "supervision:notice_add"
    add_capability = NOTICE


class NoticeCreateView(CapabilityRequiredMixin, View):
    capability = NOTICE

    def show(self, request: HttpRequest, form: Any) -> HttpResponse:
        return render(
            request,
            "generic/object_edit.html",
            {"form": form, "title": gettext("起草通报"), "cancel_url": "/supervision/notices/"},
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {}
        if request.GET.get("finding"):
            initial["findings"] = [request.GET["finding"]]
        return self.show(request, forms.NoticeForm(user=request.user, initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.NoticeForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.show(request, form)
        d = form.cleaned_data
        try:
            notice = regulator_services.create_notice(
                request.user, d["title"], d["body"], d["recipients"], d["findings"], publish=d["publish"]
            )
        except SupervisionError as exc:
            form.add_error(None, exc.message)
            return self.show(request, form)
        messages.success(request, gettext("通报已发布") if notice.published else gettext("通报已保存为草稿"))
        return redirect(notice.get_absolute_url())


class NoticeDetailView(CapabilityRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = get_object_or_404(Notice.objects.restrict(request.user).select_related("issued_by"), pk=pk)
        org = user_organization(request.user)
        return render(
            request,
            "supervision/notice_detail.html",
            {
                "object": notice,
                "can_publish": not notice.published
                and org is not None
                and org.pk == notice.issued_by_id
                and can(request.user, NOTICE),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not can(request.user, NOTICE):
            raise PermissionDenied(gettext("您没有执行此操作的权限"))
        notice = get_object_or_404(Notice.objects.restrict(request.user, "change"), pk=pk)
        regulator_services.publish_notice(notice, request.user)
        messages.success(request, gettext("通报已发布"))
        return redirect(notice.get_absolute_url())


class ActionListView(CapabilityRequiredMixin, View):
    """Regulator actions (REG-51). Regulators manage them; providers see those against them."""

    def get(self, request: HttpRequest, form: Any = None) -> HttpResponse:
        actions = RegulatorAction.objects.restrict(request.user).select_related("regulator", "provider")
        manage = can(request.user, REGULATOR_ACTION)
        return render(
            request,
            "supervision/action_list.html",
            {
                "actions": actions,
                "manage": manage,
                "my_org": user_organization(request.user),
                "form": (form or forms.ActionForm(user=request.user)) if manage else None,
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, REGULATOR_ACTION):
            raise PermissionDenied(gettext("您没有执行此操作的权限"))
        try:
            if request.POST.get("action_id"):
                action = get_object_or_404(
                    RegulatorAction.objects.restrict(request.user, "change"), pk=request.POST["action_id"]
                )
                regulator_services.set_published(action, request.user, request.POST.get("published") == "1")
            else:
                form = forms.ActionForm(request.POST, user=request.user)
                if not form.is_valid():
                    return self.get(request, form)
                d = dict(form.cleaned_data)
                regulator_services.take_action(
                    request.user, d.pop("provider"), d.pop("kind"), d.pop("reason"), **d
                )
            messages.success(request, gettext("已保存"))
        except SupervisionError as exc:
            messages.error(request, exc.message)
        return redirect("supervision:action_list")
