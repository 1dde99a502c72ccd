"""Generic views every app uses, so that scoping and capabilities are applied in one place.

Shape after NetBox: ObjectListView (table + filters), ObjectDetailView, ObjectEditView. Each reads
through ``Model.objects.restrict(user, action)``; an object outside the user's scope is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .permissions import can
from .scoping import CHANGE, VIEW


class CapabilityRequiredMixin(LoginRequiredMixin):
    """Refuses (403) users without the capability; ``capability = None`` means scoping alone decides."""

    capability: str | None = None

    def dispatch(self, request, *args: Any, **kwargs: Any):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.capability and not can(request.user, self.capability):
            raise PermissionDenied(gettext("您没有执行此操作的权限"))
        return super().dispatch(request, *args, **kwargs)


class ScopedQuerysetMixin(CapabilityRequiredMixin):
    model: Any = None
    scope_action = VIEW

    def get_queryset(self) -> QuerySet:
        return self.model.objects.restrict(self.request.user, self.scope_action)


class ObjectListView(ScopedQuerysetMixin, SingleTableMixin, FilterView):
    template_name = "generic/object_list.html"
    paginate_by = 50
    title = ""
    add_url_name: str | None = None
    add_capability: str | None = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = self.title or self.model._meta.verbose_name_plural
        if self.add_url_name and (self.add_capability is None or can(self.request.user, self.add_capability)):
            context["add_url_name"] = self.add_url_name
        return context


class ObjectDetailView(ScopedQuerysetMixin, generic.DetailView):
    template_name = "generic/object_detail.html"


class ObjectEditView(ScopedQuerysetMixin, generic.UpdateView):
    """Create (no pk in the URL) or update; the save and its ledger entries commit together or not at all."""

    template_name = "generic/object_edit.html"
    scope_action = CHANGE
    success_message = _("已保存")

    def get_object(self, queryset: QuerySet | None = None):
        if self.kwargs.get(self.pk_url_kwarg) is None:
            return None
        return super().get_object(queryset)

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()
