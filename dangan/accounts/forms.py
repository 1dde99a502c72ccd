"""Forms of the web UI: login, organizations, users, role assignment.

Every form that lets an actor pick an organization limits the choice to what the actor may change
(``Organization.objects.restrict(actor, CHANGE)``), and validates again on submit, so a forged POST
cannot reach outside the actor's organization or jurisdiction.
"""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangan.core.scoping import CHANGE

from . import roles
from .models import Organization, Role, User
from .models.user import id_number_validator


class BootstrapFormMixin:
    """Gives every widget the Bootstrap 5 class it needs, so templates can render fields plainly."""

    def apply_bootstrap(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()


class BootstrapForm(BootstrapFormMixin, forms.Form):
    """Base form for django-filter filter sets."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()
        for field in self.fields.values():
            css = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = css.replace("form-control", "form-control form-control-sm").replace(
                "form-select", "form-select form-select-sm"
            )


# --------------------------------------------------------------------------------------------- login


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    """One failure message for unknown users and wrong passwords; only a locked account is named as such,
    because its owner must know to wait (the lockout itself is decided by LockoutModelBackend)."""

    error_messages = {
        "invalid_login": _("用户名或口令错误。"),
        "inactive": _("用户名或口令错误。"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("口令")
        self.apply_bootstrap()

    def get_invalid_login_error(self) -> ValidationError:
        username = self.cleaned_data.get("username")
        user = User.objects.filter(username=username).only("locked_until").first() if username else None
        if user is not None and user.is_locked:
            minutes = max(1, math.ceil((user.locked_until - timezone.now()).total_seconds() / 60))
            return ValidationError(
                gettext("账号已锁定，请%(minutes)s分钟后再试。") % {"minutes": minutes}, code="locked"
            )
        return super().get_invalid_login_error()


# ------------------------------------------------------------------------------------- organizations


class OrganizationForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "kind",
            "client_kind",
            "region_code",
            "parent",
            "uscc",
            "address",
            "contact_person",
            "contact_phone",
            "is_active",
        ]
        # The model's verbose names are plain Chinese; repeated here so that the English UI translates them.
        labels = {
            "name": _("单位名称"),
            "kind": _("单位类型"),
            "client_kind": _("委托方类别"),
            "region_code": _("行政区划代码"),
            "parent": _("上级档案行政管理部门"),
            "uscc": _("统一社会信用代码"),
            "address": _("地址"),
            "contact_person": _("联系人"),
            "contact_phone": _("联系电话"),
            "is_active": _("启用"),
        }
        help_texts = {
            "client_kind": _("仅委托方填写：机关 / 国家综合档案馆 / 企事业单位 / 其他组织"),
            "region_code": _("单位所在地（GB/T 2260）；档案行政管理部门的辖区即此代码及其下级"),
        }

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.actor_org: Organization = actor.organization
        parents = Organization.objects.restrict(actor, CHANGE).filter(kind=roles.REGULATOR)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        if self.instance.pk == self.actor_org.pk:
            # Changing the kind, region, parent or status of one's own unit would change one's own powers.
            for name in ("kind", "region_code", "parent", "is_active"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("本单位的此项只能由上级档案行政管理部门修改")
        self.apply_bootstrap()

    def clean_region_code(self) -> str:
        code = (self.cleaned_data.get("region_code") or "").strip()
        if self.fields["region_code"].disabled:
            return code
        if code and not self.actor_org.covers_region(code):
            raise ValidationError(
                gettext("行政区划代码 %(code)s 不在本单位辖区（%(prefix)s 开头的行政区划）之内")
                % {"code": code, "prefix": self.actor_org.jurisdiction_prefix}
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        code = data.get("region_code")
        if (
            kind == roles.REGULATOR
            and code
            and code == self.actor_org.region_code
            and self.instance.pk != self.actor_org.pk
        ):
            self.add_error(
                "region_code", gettext("新增或修改的档案行政管理部门应设在本单位的下级辖区，不能与本单位同级")
            )
        return data


# --------------------------------------------------------------------------------------------- users


class UserForm(BootstrapFormMixin, forms.ModelForm):
    """Create or edit an account. The ID number is write-only: the edit form leaves it blank ("unchanged")
    and never shows the stored number; the password is set only when the account is created."""

    id_number = forms.CharField(
        label=_("居民身份证号码"),
        required=False,
        max_length=18,
        validators=[id_number_validator],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    password1 = forms.CharField(
        label=_("口令"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    password2 = forms.CharField(
        label=_("确认口令"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "organization", "phone", "email", "is_active"]
        labels = {
            "username": _("用户名"),
            "full_name": _("姓名"),
            "organization": _("所属单位"),
            "phone": _("手机号"),
            "email": _("电子邮箱"),
            "is_active": _("启用"),
        }

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.creating = self.instance.pk is None
        allowed = Organization.objects.restrict(actor, CHANGE).filter(is_active=True)
        organizations = Organization.objects.filter(
            Q(pk__in=allowed.values("pk")) | Q(pk=self.instance.organization_id or 0)
        )
        self.fields["organization"].queryset = organizations
        self.fields["organization"].required = True
        self.fields["organization"].empty_label = None if organizations.count() == 1 else "---------"
        if self.creating:
            self.fields["password1"].required = True
            self.fields["password2"].required = True
            self.fields["id_number"].help_text = _("选填；保存后只以掩码显示")
        else:
            del self.fields["password1"]
            del self.fields["password2"]
            masked = self.instance.masked_id_number
            self.fields["id_number"].help_text = (
                gettext("留空表示不修改。已登记：%(masked)s") % {"masked": masked}
                if masked
                else gettext("留空表示不修改。尚未登记。")
            )
        if not self.creating and self.instance.pk == actor.pk:
            self.fields["organization"].disabled = True
            self.fields["is_active"].disabled = True
        self.apply_bootstrap()

    def clean_organization(self) -> Organization:
        org = self.cleaned_data["organization"]
        if self.fields["organization"].disabled:
            return org
        allowed = Organization.objects.restrict(self.actor, CHANGE).filter(pk=org.pk).exists()
        if not allowed and org.pk != self.instance.organization_id:
            raise ValidationError(gettext("您不能在该单位下管理用户"))
        if not self.creating and org.pk != self.instance.organization_id:
            problems = roles.role_conflicts(set(self.instance.role_codes), org.kind)
            if problems:
                raise ValidationError(
                    gettext("该用户现有角色不适用于新单位，请先由安全保密管理员调整角色：%(problems)s")
                    % {"problems": "；".join(problems)}
                )
        return org

    def clean_id_number(self) -> str:
        return (self.cleaned_data.get("id_number") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.creating:
            password1 = data.get("password1")
            password2 = data.get("password2")
            if password1 and password2 and password1 != password2:
                self.add_error("password2", gettext("两次输入的口令不一致"))
            elif password1:
                probe = User(
                    username=data.get("username") or "",
                    full_name=data.get("full_name") or "",
                    email=data.get("email") or "",
                )
                try:
                    password_validation.validate_password(password1, probe)
                except ValidationError as exc:
                    self.add_error("password1", exc)
        return data

    def save(self, commit: bool = True) -> User:
        user: User = super().save(commit=False)
        if self.cleaned_data.get("id_number"):
            user.id_number = self.cleaned_data["id_number"]
        if self.creating:
            user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class RoleAssignmentForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("角色"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args: Any, target: User, actor: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"roles": sorted(target.role_codes)})
        super().__init__(*args, **kwargs)
        self.target = target
        self.actor = actor
        kind = target.organization.kind if target.organization else ""
        names = dict(Role.objects.values_list("code", "name"))
        self.fields["roles"].choices = [
            (r.code, f"{gettext(names.get(r.code, r.name))} — {gettext(r.description)}")
            for r in roles.ROLE_DEFS
            if kind in r.organization_kinds
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.target.pk == self.actor.pk:
            raise ValidationError(gettext("不能修改自己的角色（三员分立：权限须由他人授予）"))
        return data
