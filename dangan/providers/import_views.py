"""Pages of the Excel import: upload → preview with row-level errors → commit (all rows or none).

Between preview and commit the uploaded file is kept encrypted on disk (it holds ID numbers) under a
random token recorded in the user's session; the commit re-checks it from scratch.
"""

from __future__ import annotations

import base64
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views import generic

from dangan.core.fields import decrypt_text, encrypt_text
from dangan.core.permissions import can
from dangan.core.views import CapabilityRequiredMixin

from . import imports
from .forms import IMPORT_KINDS, ImportUploadForm
from .permissions import MANAGE_REGISTRY
from .views import changeable_provider, detail_url

SESSION_KEY = "provider_imports"


def _store_dir() -> Path:
    path = Path(settings.DATA_DIR) / "tmp" / "provider-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _save(data: bytes) -> str:
    # Previews that were never committed are dropped after a day.
    cutoff = time.time() - 86400
    for stale in _store_dir().glob("*.bin"):
        if stale.stat().st_mtime < cutoff:
            stale.unlink(missing_ok=True)
    token = secrets.token_urlsafe(16)
    (_store_dir() / f"{token}.bin").write_text(encrypt_text(base64.b64encode(data).decode()))
    return token


def _load(token: str) -> bytes | None:
    if not token.replace("-", "").replace("_", "").isalnum():
        return None
    path = _store_dir() / f"{token}.bin"
    if not path.exists():
        return None
    return base64.b64decode(decrypt_text(path.read_text()))


def _discard(token: str) -> None:
    (_store_dir() / f"{token}.bin").unlink(missing_ok=True)


class ImportMixin(CapabilityRequiredMixin):
    capability = MANAGE_REGISTRY

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        if kwargs["kind"] not in imports.COLUMNS:
            raise Http404
        if request.user.is_authenticated and can(request.user, self.capability):
            self.provider = changeable_provider(request.user, kwargs["provider_pk"])
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra: Any) -> dict[str, Any]:
        kind = self.kwargs["kind"]
        return {
            "provider": self.provider,
            "kind": kind,
            "kind_label": IMPORT_KINDS[kind],
            "columns": imports.COLUMNS[kind],
            "cancel_url": detail_url(self.provider, "staff" if kind == "staff" else "assets"),
            **extra,
        }


class ImportUploadView(ImportMixin, generic.View):
    def get(self, request: Any, provider_pk: int, kind: str) -> HttpResponse:
        return render(request, "providers/import_upload.html", self.context(form=ImportUploadForm()))

    def post(self, request: Any, provider_pk: int, kind: str) -> HttpResponse:
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "providers/import_upload.html", self.context(form=form), status=400)
        upload = form.cleaned_data["file"]
        data = upload.read()
        result = imports.parse(data, kind, self.provider)
        token = ""
        if result.ok:
            token = _save(data)
            pending = request.session.get(SESSION_KEY, {})
            pending[token] = {
                "kind": kind,
                "provider": self.provider.pk,
                "sha256": result.sha256,
                "filename": upload.name,
            }
            request.session[SESSION_KEY] = pending
        return render(
            request,
            "providers/import_preview.html",
            self.context(result=result, token=token, filename=upload.name),
            status=200 if result.ok else 422,
        )


class ImportCommitView(ImportMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request: Any, provider_pk: int, kind: str) -> HttpResponseRedirect:
        token = request.POST.get("token", "")
        pending = request.session.get(SESSION_KEY, {})
        info = pending.get(token)
        if info is None or info["kind"] != kind or info["provider"] != self.provider.pk:
            raise PermissionDenied(gettext("导入预览已失效，请重新上传文件"))
        data = _load(token)
        if data is None:
            raise PermissionDenied(gettext("导入预览已失效，请重新上传文件"))
        try:
            result = imports.commit(data, kind, self.provider, filename=info["filename"])
        except imports.ImportRefused as exc:
            messages.error(request, gettext("未导入任何数据：%(reasons)s") % {"reasons": str(exc)})
            return redirect("provider_import", provider_pk=self.provider.pk, kind=kind)
        finally:
            pending.pop(token, None)
            request.session[SESSION_KEY] = pending
            _discard(token)
        messages.success(
            request,
            gettext("已导入%(count)d条%(kind)s记录")
            % {"count": len(result.rows), "kind": IMPORT_KINDS[kind]},
        )
        return redirect(self.context()["cancel_url"])


@login_required
def template_download(request: Any, kind: str) -> HttpResponse:
    if kind not in imports.COLUMNS:
        raise Http404
    response = HttpResponse(
        imports.template_workbook(kind),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="provider-{kind}-template.xlsx"'
    return response
