"""django-filter filter sets of the web UI."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dangan.core.engine_labels import lazy_choices

from . import roles
from .forms import BootstrapForm
from .models import Organization, User


class OrganizationFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("名称包含"), lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(
        label=_("单位类型"), choices=lazy_choices(dict(roles.ORGANIZATION_KINDS))
    )
    client_kind = django_filters.ChoiceFilter(
        label=_("委托方类别"), choices=lazy_choices(dict(roles.CLIENT_KINDS))
    )
    region_code = django_filters.CharFilter(
        label=_("行政区划代码"), method="filter_region", help_text=_("以此开头，如 1401")
    )

    class Meta:
        model = Organization
        fields = ["name", "kind", "client_kind", "region_code"]
        form = BootstrapForm

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(region_code__startswith=value.strip())


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("用户名或姓名"), method="filter_q")
    organization = django_filters.ModelChoiceFilter(label=_("所属单位"), queryset=Organization.objects.none())
    role = django_filters.ChoiceFilter(
        label=_("角色"),
        field_name="roles__code",
        choices=[(r.code, _(r.name)) for r in roles.ROLE_DEFS],
        distinct=True,
    )
    is_active = django_filters.BooleanFilter(
        label=_("启用"),
        widget=forms.Select(choices=[("", _("全部")), ("true", _("是")), ("false", _("否"))]),
    )

    class Meta:
        model = User
        fields = ["q", "organization", "role", "is_active"]
        form = BootstrapForm

    def __init__(self, *args, request=None, **kwargs) -> None:
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        # Only organizations the user can see are offered (the user list itself is scoped anyway).
        self.filters["organization"].queryset = Organization.objects.restrict(user)

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value))
