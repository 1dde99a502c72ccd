"""Catalog import pages: upload → header mapping and preview → all-or-nothing commit."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views import generic

from dangan.core.views import CapabilityRequiredMixin

from ..forms import CatalogUploadForm, MappingForm
from ..importer import (
    FIELDS,
    CatalogFileError,
    ImportRefused,
    commit_import,
    guess_mapping,
    plan_import,
    read_table,
)

SESSION_KEY = "custody_imports"
PREVIEW_ROWS = 20
MAX_ERRORS_SHOWN = 500


def import_dir() -> Path:
    path = Path(settings.DATA_DIR) / "tmp" / "custody-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


class ImportUploadView(CapabilityRequiredMixin, generic.FormView):
    capability = "custody.manage_units"
    form_class = CatalogUploadForm
    template_name = "custody/import_upload.html"

    def form_valid(self, form: CatalogUploadForm):
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            _headers, rows = read_table(upload.name, data)
        except CatalogFileError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        token = uuid.uuid4().hex
        suffix = Path(upload.name).suffix.lower()
        (import_dir() / f"{token}{suffix}").write_bytes(data)
        pending = self.request.session.get(SESSION_KEY, {})
        pending[token] = {"name": upload.name, "file": f"{token}{suffix}", "rows": len(rows)}
        self.request.session[SESSION_KEY] = pending
        return redirect("custody:import_mapping", token=token)


class ImportMappingView(CapabilityRequiredMixin, generic.View):
    capability = "custody.manage_units"
    template_name = "custody/import_mapping.html"

    def _load(self, token: str) -> tuple[dict[str, Any], list[str], list[list[str]]]:
        entry = self.request.session.get(SESSION_KEY, {}).get(token)
        if entry is None:
            raise Http404("导入会话已过期")
        path = import_dir() / entry["file"]
        if not path.exists():
            raise Http404("导入文件已不存在")
        headers, rows = read_table(entry["name"], path.read_bytes())
        return entry, headers, rows

    def _render(self, request, token: str, entry, headers, form, plan=None, committed_errors=None):
        context = {
            "token": token,
            "entry": entry,
            "headers": headers,
            "form": form,
            "plan": plan,
            "preview": plan.units[:PREVIEW_ROWS] if plan else [],
            "errors": (plan.errors[:MAX_ERRORS_SHOWN] if plan else []),
            "error_count": len(plan.errors) if plan else 0,
            "fields": FIELDS,
        }
        return render(request, self.template_name, context)

    def get(self, request, token: str):
        entry, headers, _rows = self._load(token)
        form = MappingForm(headers=headers, initial_mapping=guess_mapping(headers))
        return self._render(request, token, entry, headers, form)

    def post(self, request, token: str):
        entry, headers, rows = self._load(token)
        form = MappingForm(request.POST, headers=headers, initial_mapping=guess_mapping(headers))
        if not form.is_valid():
            return self._render(request, token, entry, headers, form)
        owner = request.user.organization
        plan = plan_import(owner, headers, rows, form.mapping())
        if request.POST.get("action") != "commit":
            return self._render(request, token, entry, headers, form, plan)
        try:
            count = commit_import(owner, plan, entry["name"])
        except ImportRefused:
            messages.error(request, gettext("目录有错误，未导入任何档案；请修改文件后重新上传"))
            return self._render(request, token, entry, headers, form, plan)
        pending = request.session.get(SESSION_KEY, {})
        pending.pop(token, None)
        request.session[SESSION_KEY] = pending
        (import_dir() / entry["file"]).unlink(missing_ok=True)
        messages.success(request, gettext("已导入 %(n)d 卷（件）档案") % {"n": count})
        return redirect("custody:unit_list")
