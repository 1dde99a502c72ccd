"""Web pages of the provider registry.

Reading: ``Organization.objects.restrict(user)`` decides which providers exist for the user (its own,
every active one for a client, those in the jurisdiction for a regulator); everything else is 404.
Changing: the provider's own staff with ``provider.registry.manage``; bad records: clients and
regulators with ``provider.bad_record.add``. A user without the capability gets 403.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import ProtectedError, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import generic

from dangan.accounts import roles
from dangan.accounts.models import Organization
from dangan.core.permissions import can
from dangan.core.scoping import CHANGE
from dangan.core.views import CapabilityRequiredMixin
from dangan.engines.compliance.vocab import SERVICE_TYPES

from . import forms
from .models import (
    BadRecord,
    Equipment,
    ProviderProfile,
    Qualification,
    Shareholder,
    Software,
    StaffMember,
    TrainingRecord,
)
from .permissions import ADD_BAD_RECORD, MANAGE_REGISTRY, bad_record_targets
from .services import expiry_warning_days, qualification_state, summarize

TABS: tuple[tuple[str, Any], ...] = (
    ("overview", _("概况")),
    ("shareholders", _("股东")),
    ("staff", _("人员")),
    ("training", _("培训记录")),
    ("qualifications", _("资质")),
    ("assets", _("场所/设备/软件")),
    ("bad_records", _("不良记录")),
    ("eligibility", _("资格审查")),
)


def visible_providers(user: Any) -> QuerySet[Organization]:
    return Organization.objects.restrict(user).filter(kind=roles.PROVIDER)


def changeable_provider(user: Any, pk: int) -> Organization:
    return get_object_or_404(Organization.objects.restrict(user, CHANGE).filter(kind=roles.PROVIDER), pk=pk)


def detail_url(provider: Organization, tab: str = "overview") -> str:
    url = reverse("provider_detail", args=[provider.pk])
    return url if tab == "overview" else f"{url}?tab={tab}"


def flash_eligibility(request: Any, provider: Organization) -> None:
    """After a change, say at once if the provider is now refused, naming the rules (SX-3.1-b*)."""
    evaluation = summarize(provider).evaluation
    for finding in evaluation.refusals():
        messages.warning(request, f"{finding.rule_id}：{finding.message}")


# ------------------------------------------------------------------------------------------- reading


class ProviderListView(LoginRequiredMixin, generic.ListView):
    template_name = "providers/provider_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Organization]:
        qs = visible_providers(self.request.user).order_by("region_code", "name")
        name = self.request.GET.get("q", "").strip()
        if name:
            qs = qs.filter(name__icontains=name)
        region = self.request.GET.get("region", "").strip()
        if region:
            qs = qs.filter(region_code__startswith=region)
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = [summarize(p) for p in context["object_list"]]
        context["q"] = self.request.GET.get("q", "")
        context["region"] = self.request.GET.get("region", "")
        return context


class MyProviderView(LoginRequiredMixin, generic.View):
    def get(self, request: Any) -> HttpResponseRedirect:
        org = request.user.organization
        if org is None or not org.is_provider:
            raise Http404
        url = reverse("provider_detail", args=[org.pk])
        query = request.GET.urlencode()
        return HttpResponseRedirect(f"{url}?{query}" if query else url)


class ProviderDetailView(LoginRequiredMixin, generic.DetailView):
    template_name = "providers/provider_detail.html"
    context_object_name = "provider"

    def get_queryset(self) -> QuerySet[Organization]:
        return visible_providers(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        provider: Organization = self.object
        tab = self.request.GET.get("tab", "overview")
        if tab not in dict(TABS):
            tab = "overview"
        summary = summarize(provider)
        can_manage = (
            can(user, MANAGE_REGISTRY)
            and Organization.objects.restrict(user, CHANGE).filter(pk=provider.pk).exists()
        )
        context.update(
            tabs=TABS,
            tab=tab,
            summary=summary,
            can_manage=can_manage,
            can_add_bad_record=bad_record_targets(user).filter(pk=provider.pk).exists(),
            profile=ProviderProfile.objects.restrict(user).filter(provider=provider).first(),
            service_labels=SERVICE_TYPES,
            warning_days=expiry_warning_days(),
        )
        if tab == "overview" and context["profile"]:
            context["scope_labels"] = [
                gettext(SERVICE_TYPES.get(c, c)) for c in context["profile"].business_scope
            ]
        elif tab == "shareholders":
            context["shareholders"] = Shareholder.objects.restrict(user).filter(provider=provider)
        elif tab == "staff":
            context["staff"] = (
                StaffMember.objects.restrict(user)
                .filter(provider=provider)
                .prefetch_related("training_records")
            )
        elif tab == "training":
            context["training"] = (
                TrainingRecord.objects.restrict(user).filter(staff__provider=provider).select_related("staff")
            )
            context["staff_choices"] = StaffMember.objects.filter(provider=provider, is_active=True)
        elif tab == "qualifications":
            context["qualifications"] = [
                qualification_state(q) for q in Qualification.objects.restrict(user).filter(provider=provider)
            ]
        elif tab == "assets":
            context["equipment"] = Equipment.objects.restrict(user).filter(provider=provider)
            context["software"] = Software.objects.restrict(user).filter(provider=provider)
        elif tab == "bad_records":
            context["bad_records"] = (
                BadRecord.objects.restrict(user)
                .filter(provider=provider)
                .select_related("recorded_by", "corrects")
                .prefetch_related("corrections")
            )
        elif tab == "eligibility":
            evaluation = summary.evaluation.to_dict()
            for result in evaluation["results"]:
                result["evidence_items"] = [
                    (key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
                    for key, value in result["evidence"].items()
                ]
            context["evaluation"] = evaluation
        return context


# ------------------------------------------------------------------------------------------ changing


class RegistryEditView(CapabilityRequiredMixin, generic.UpdateView):
    """Create (no ``pk``) or update one registry row of the user's own provider."""

    capability = MANAGE_REGISTRY
    template_name = "providers/edit.html"
    tab = "overview"
    title_add = ""
    title_change = ""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and can(request.user, self.capability):
            self.provider = self.get_provider()
        return super().dispatch(request, *args, **kwargs)

    def get_provider(self) -> Organization:
        return changeable_provider(self.request.user, self.kwargs["provider_pk"])

    def get_object(self, queryset: QuerySet | None = None) -> Any:
        if self.kwargs.get("pk") is None:
            return None
        qs = self.model.objects.restrict(self.request.user, CHANGE).filter(provider=self.provider)
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def new_instance(self) -> Any:
        return self.model(provider=self.provider)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.object or self.new_instance()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            provider=self.provider,
            title=self.title_change if self.object else self.title_add,
            cancel_url=detail_url(self.provider, self.tab),
        )
        return context

    def form_valid(self, form: Any) -> HttpResponseRedirect:
        with transaction.atomic():
            self.object = form.save()
        messages.success(self.request, gettext("已保存"))
        flash_eligibility(self.request, self.provider)
        return redirect(detail_url(self.provider, self.tab))


class ProfileEditView(RegistryEditView):
    model = ProviderProfile
    form_class = forms.ProviderProfileForm
    title_add = title_change = _("服务方概况")

    def get_object(self, queryset: QuerySet | None = None) -> Any:
        return ProviderProfile.objects.filter(provider=self.provider).first()


class ShareholderEditView(RegistryEditView):
    model = Shareholder
    form_class = forms.ShareholderForm
    tab = "shareholders"
    title_add, title_change = _("新增股东"), _("修改股东")


class StaffEditView(RegistryEditView):
    model = StaffMember
    form_class = forms.StaffMemberForm
    tab = "staff"
    title_add, title_change = _("新增工作人员"), _("修改工作人员")


class QualificationEditView(RegistryEditView):
    model = Qualification
    form_class = forms.QualificationForm
    tab = "qualifications"
    title_add, title_change = _("新增资质"), _("修改资质")


class EquipmentEditView(RegistryEditView):
    model = Equipment
    form_class = forms.EquipmentForm
    tab = "assets"
    title_add, title_change = _("新增设备"), _("修改设备")


class SoftwareEditView(RegistryEditView):
    model = Software
    form_class = forms.SoftwareForm
    tab = "assets"
    title_add, title_change = _("新增加工软件"), _("修改加工软件")


class TrainingEditView(RegistryEditView):
    model = TrainingRecord
    form_class = forms.TrainingRecordForm
    tab = "training"
    title_add, title_change = _("新增培训记录"), _("修改培训记录")

    def get_provider(self) -> Organization:
        provider = changeable_provider(self.request.user, self.kwargs["provider_pk"])
        self.staff = get_object_or_404(
            StaffMember.objects.restrict(self.request.user, CHANGE).filter(provider=provider),
            pk=self.kwargs["staff_pk"],
        )
        return provider

    def get_object(self, queryset: QuerySet | None = None) -> Any:
        if self.kwargs.get("pk") is None:
            return None
        qs = TrainingRecord.objects.restrict(self.request.user, CHANGE).filter(staff=self.staff)
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def new_instance(self) -> TrainingRecord:
        return TrainingRecord(staff=self.staff)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = f"{context['title']} · {self.staff.name}"
        return context


DELETABLE: dict[str, Any] = {
    "shareholder": (Shareholder, "shareholders"),
    "staff": (StaffMember, "staff"),
    "qualification": (Qualification, "qualifications"),
    "equipment": (Equipment, "assets"),
    "software": (Software, "assets"),
    "training": (TrainingRecord, "training"),
}


class RegistryDeleteView(CapabilityRequiredMixin, generic.View):
    """POST only; the deletion is ledgered by the signals. Bad records are not deletable at all."""

    capability = MANAGE_REGISTRY
    http_method_names = ["post"]

    def post(self, request: Any, provider_pk: int, kind: str, pk: int) -> HttpResponseRedirect:
        if kind not in DELETABLE:
            raise Http404
        model, tab = DELETABLE[kind]
        provider = changeable_provider(request.user, provider_pk)
        path = "staff__provider" if model is TrainingRecord else "provider"
        obj = get_object_or_404(
            model.objects.restrict(request.user, CHANGE).filter(**{path: provider}), pk=pk
        )
        try:
            with transaction.atomic():
                obj.delete()
        except ProtectedError:
            messages.error(request, gettext("“%(obj)s”已被其他记录引用，不能删除") % {"obj": obj})
        else:
            messages.success(request, gettext("已删除“%(obj)s”") % {"obj": obj})
        return redirect(detail_url(provider, tab))


class BadRecordCreateView(CapabilityRequiredMixin, generic.CreateView):
    """Clients and regulators enter bad records; once entered, a record is corrected only by a new one."""

    capability = ADD_BAD_RECORD
    model = BadRecord
    form_class = forms.BadRecordForm
    template_name = "providers/edit.html"

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and can(request.user, self.capability):
            self.provider = get_object_or_404(bad_record_targets(request.user), pk=kwargs["provider_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        corrects = self.request.GET.get("corrects")
        if corrects and corrects.isdigit():
            initial["corrects"] = corrects
        return initial

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = BadRecord(provider=self.provider, recorded_by=self.request.user.organization)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            provider=self.provider,
            title=gettext("登记不良记录"),
            cancel_url=detail_url(self.provider, "bad_records"),
            notice=gettext(
                "不良记录登记后随服务方向所有委托方显示，不能删除或修改；如有错误，请登记一条更正记录（SX-2.1）。"
            ),
        )
        return context

    def form_valid(self, form: Any) -> HttpResponseRedirect:
        with transaction.atomic():
            self.object = form.save()
        messages.success(self.request, gettext("不良记录已登记"))
        return redirect(detail_url(self.provider, "bad_records"))
