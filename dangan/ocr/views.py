"""Pages: full-text search, OCR jobs of a project (start, progress), recognised text of a unit."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic

from dangan.core.views import ObjectDetailView, ObjectListView
from dangan.engines.ocr.textindex import highlight, query_terms
from dangan.projects.models import Project

from . import services
from .filtersets import OcrJobFilterSet
from .forms import StartJobForm
from .models import OcrJob, PageFailure, PageText
from .search import search
from .tables import OcrJobTable

PAGE_SIZE = 20


class SearchView(LoginRequiredMixin, generic.TemplateView):
    template_name = "ocr/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        try:
            page = max(1, int(self.request.GET.get("page", "1")))
        except ValueError:
            page = 1
        results = (
            search(self.request.user, query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
            if query
            else None
        )
        context.update(query=query, results=results, page=page, has_terms=bool(query_terms(query)))
        return context


class JobListView(ObjectListView):
    model = OcrJob
    table_class = OcrJobTable
    filterset_class = OcrJobFilterSet
    title = _("全文识别任务")

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("project", "created_by")


class JobDetailView(ObjectDetailView):
    model = OcrJob
    template_name = "ocr/job_detail.html"
    context_object_name = "job"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("project", "created_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["failures"] = PageFailure.objects.restrict(self.request.user).filter(job=self.object)[:500]
        context["pages"] = (
            PageText.objects.restrict(self.request.user)
            .filter(job=self.object)
            .select_related("unit")
            .order_by("unit__archive_no", "page")[:200]
        )
        return context


class JobProgressView(JobDetailView):
    """The progress card alone, polled by htmx while the job is queued or running."""

    template_name = "ocr/_job_progress.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"job": self.object}


class ProjectJobsView(LoginRequiredMixin, generic.TemplateView):
    template_name = "ocr/project_jobs.html"

    def project(self) -> Project:
        return get_object_or_404(
            Project.objects.restrict(self.request.user).select_related("client", "provider"),
            pk=self.kwargs["project_pk"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = kwargs.get("project") or self.project()
        refusal = services.refusal(self.request.user, project)
        context.update(
            project=project,
            jobs=OcrJob.objects.restrict(self.request.user)
            .filter(project=project)
            .select_related("created_by"),
            form=kwargs.get("form") or (StartJobForm() if refusal is None else None),
            refusal=refusal,
        )
        return context

    def post(self, request, project_pk: int):
        project = self.project()
        form = StartJobForm(request.POST)
        if form.is_valid():
            try:
                job = services.start_job(
                    project, form.cleaned_data["delivery_path"], request.user, form.cleaned_data["engine"]
                )
            except PermissionDenied:
                raise
            except ValidationError as exc:
                for field, errors in _error_map(exc).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return redirect(job.get_absolute_url())
        return self.render_to_response(self.get_context_data(project=project, form=form), status=400)


def _error_map(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"delivery_path": list(exc.messages)}


class UnitTextView(LoginRequiredMixin, generic.TemplateView):
    template_name = "ocr/unit_text.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from dangan.custody.models import ArchiveUnit

        context = super().get_context_data(**kwargs)
        unit = get_object_or_404(
            ArchiveUnit.objects.restrict(self.request.user).select_related("owner"), pk=self.kwargs["pk"]
        )
        query = self.request.GET.get("q", "").strip()
        terms = " ".join(query_terms(query))
        pages = PageText.objects.filter(unit=unit).order_by("page")
        context.update(
            unit=unit,
            query=query,
            pages=[(p, highlight(p.text, terms)) for p in pages],
        )
        return context
