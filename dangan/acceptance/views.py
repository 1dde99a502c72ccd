"""Pages: rounds, a project's acceptance history and submission, a round with its live check progress,
findings, sample and verdict, the review of one sample item beside its page images, the decision,
the acceptance report (PDF) and the images themselves (only files of the delivery)."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View, generic

from dangan.core.permissions import can
from dangan.core.views import CapabilityRequiredMixin, ObjectDetailView, ObjectListView
from dangan.ledger.services import append
from dangan.projects.models import Project

from . import permissions as caps
from . import services
from .delivery import delivery_file, delivery_root
from .filtersets import AcceptanceRoundFilterSet, QcFindingFilterSet
from .forms import DecisionForm, ReviewForm, SubmitForm
from .models import CHECK_ITEMS, AcceptanceRound, QcFinding, SampleItem
from .tables import AcceptanceRoundTable

FINDINGS_PER_PAGE = 50


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return getattr(exc, "message", str(exc))


class RoundListView(ObjectListView):
    model = AcceptanceRound
    table_class = AcceptanceRoundTable
    filterset_class = AcceptanceRoundFilterSet
    title = _("成果验收")
    template_name = "acceptance/round_list.html"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("project")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["projects"] = (
            Project.objects.restrict(self.request.user)
            .filter(status__in=services.SUBMIT_STATUSES)
            .order_by("name")[:50]
        )
        return context


class ProjectAcceptanceView(LoginRequiredMixin, generic.TemplateView):
    """The acceptance history of a project (every round with its figures) and the submission form."""

    template_name = "acceptance/project_acceptance.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        project = get_object_or_404(Project.objects.restrict(user), pk=self.kwargs["project_pk"])
        rounds = list(
            AcceptanceRound.objects.restrict(user)
            .filter(project=project)
            .select_related("submitted_by", "decision", "decision__rectification_order")
            .order_by("-number")
        )
        history = []
        for rnd in rounds:
            decision = getattr(rnd, "decision", None)
            history.append(
                {"round": rnd, "decision": decision, "figures": decision.figures if decision else None}
            )
        context.update(
            project=project,
            history=history,
            submit_refusal=services.submit_refusal(user, project),
            can_submit_role=can(user, caps.SUBMIT) and user.organization_id == project.provider_id,
            form=kwargs.get("form") or SubmitForm(),
            delivery_root=delivery_root(),
        )
        return context


class SubmitView(CapabilityRequiredMixin, View):
    capability = caps.SUBMIT

    def post(self, request, project_pk: int):
        project = get_object_or_404(Project.objects.restrict(request.user), pk=project_pk)
        form = SubmitForm(request.POST, request.FILES)
        if not form.is_valid():
            view = ProjectAcceptanceView(request=request, kwargs={"project_pk": project_pk})
            return view.render_to_response(view.get_context_data(form=form))
        try:
            rnd = services.submit_round(
                project,
                request.user,
                form.cleaned_data["delivery_path"],
                catalog_source=form.cleaned_data["catalog_source"],
                catalog_file=form.cleaned_data.get("catalog_file"),
                profile=form.cleaned_data["profile"],
                note=form.cleaned_data["note"],
            )
        except (services.AcceptanceError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
            return redirect("acceptance:project", project_pk=project.pk)
        messages.success(
            request,
            gettext("已提交第 %(rnd_number)s 轮交付，正在进行计算机自动检验") % {"rnd_number": rnd.number},
        )
        return redirect(rnd.get_absolute_url())


class RoundDetailView(ObjectDetailView):
    model = AcceptanceRound
    template_name = "acceptance/round_detail.html"
    context_object_name = "round"

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .select_related("project", "project__client", "project__provider", "submitted_by")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rnd: AcceptanceRound = self.object
        user = self.request.user
        findings = QcFinding.objects.restrict(user).filter(round=rnd)
        filterset = QcFindingFilterSet(self.request.GET or None, queryset=findings)
        page = Paginator(filterset.qs, FINDINGS_PER_PAGE).get_page(self.request.GET.get("page"))
        decision = getattr(rnd, "decision", None)
        figures, outcome = (None, None)
        if rnd.machine_check:
            figures, outcome = services.preview(rnd)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filterset=filterset,
            findings_page=page,
            findings_query=query.urlencode(),
            sample=SampleItem.objects.restrict(user).filter(round=rnd).select_related("reviewer"),
            decision=decision,
            figures=figures,
            outcome=outcome,
            can_review=services.review_refusal(user, rnd) is None,
            can_decide=services.decide_refusal(user, rnd) is None,
            can_ocr=services.can_offer_ocr(user, rnd),
            by_code=sorted((rnd.summary or {}).get("by_code", {}).items()),
        )
        return context


class RoundProgressView(ObjectDetailView):
    """The progress card alone, polled every second by htmx while the machine check runs."""

    model = AcceptanceRound
    template_name = "acceptance/_progress.html"
    context_object_name = "round"

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        if self.request.headers.get("HX-Request") and not self.object.is_checking:
            response["HX-Refresh"] = "true"  # the check is over: show the findings and the sample
        return response


class RoundImageView(LoginRequiredMixin, View):
    """A page image of the round's delivery. Only files the check listed, resolved inside the folder."""

    def get(self, request, pk: int):
        rnd = get_object_or_404(AcceptanceRound.objects.restrict(request.user), pk=pk)
        rel = request.GET.get("file", "")
        allowed = {f for item in rnd.items for f in item.get("files", [])}
        path = delivery_file(rnd.delivery_path, rel, allowed)
        if path is None:
            raise Http404(gettext("文件不在本轮交付之内"))
        try:
            frame = max(0, int(request.GET.get("frame", "0")))
        except ValueError:
            frame = 0
        from .imaging import render

        try:
            rendered = render(path, frame)
        except Exception as exc:  # an unreadable page is reported by the QC engine; show a clear refusal here
            return HttpResponse(
                gettext("DAT31-10：图像无法显示（%(v1)s）") % {"v1": type(exc).__name__},
                status=422,
                content_type="text/plain; charset=utf-8",
            )
        if rendered is None:
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            response = FileResponse(path.open("rb"), content_type=content_type)
        else:
            data, content_type = rendered
            response = HttpResponse(data, content_type=content_type)
        response["Cache-Control"] = "private, max-age=300"
        return response


class SampleReviewView(LoginRequiredMixin, View):
    template_name = "acceptance/sample_review.html"

    def _item(self, request, pk: int) -> SampleItem:
        return get_object_or_404(
            SampleItem.objects.restrict(request.user).select_related("round", "round__project"), pk=pk
        )

    def _context(self, request, item: SampleItem, form: ReviewForm) -> dict[str, Any]:
        rnd = item.round
        pages: list[dict[str, Any]] = []
        for rel in item.files:
            frames = 1
            if rel.lower().endswith((".tif", ".tiff", ".pdf")) and len(item.files) == 1:
                frames = max(1, item.pages)
            for frame in range(frames):
                pages.append({"file": rel, "frame": frame, "n": len(pages) + 1})
        siblings = list(SampleItem.objects.filter(round=rnd).values_list("pk", flat=True))
        idx = siblings.index(item.pk)
        findings = QcFinding.objects.filter(round=rnd, archive_no=item.archive_no)[:50]
        unit = _registered_unit(rnd.project, item.archive_no)
        return {
            "item": item,
            "round": rnd,
            "form": form,
            "pages": pages,
            "findings": findings,
            "unit": unit,
            "previous_pk": siblings[idx - 1] if idx > 0 else None,
            "next_pk": siblings[idx + 1] if idx + 1 < len(siblings) else None,
            "position": idx + 1,
            "total": len(siblings),
            "can_review": services.review_refusal(request.user, rnd) is None,
        }

    def get(self, request, pk: int):
        from django.shortcuts import render

        item = self._item(request, pk)
        initial = {code: getattr(item, code) for code, _ in CHECK_ITEMS if getattr(item, code)}
        initial["reason"] = item.reason
        return render(request, self.template_name, self._context(request, item, ReviewForm(initial=initial)))

    def post(self, request, pk: int):
        from django.shortcuts import render

        item = self._item(request, pk)
        if not can(request.user, caps.REVIEW):
            raise PermissionDenied(gettext("您没有人工抽检的权限"))
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.record_review(
                    item,
                    request.user,
                    {c: form.cleaned_data[c] for c, _ in CHECK_ITEMS},
                    form.cleaned_data["reason"],
                )
            except (services.AcceptanceError, ValidationError) as exc:
                messages.error(request, _error_text(exc))
            else:
                messages.success(
                    request,
                    gettext("已记录 %(item_archive_no)s 的抽检结果") % {"item_archive_no": item.archive_no},
                )
                following = (
                    SampleItem.objects.filter(round=item.round, correspondence="").exclude(pk=item.pk).first()
                )
                return redirect(
                    following.get_absolute_url() if following else item.round.get_absolute_url() + "#sample"
                )
        return render(
            request,
            self.template_name,
            self._context(request, item, form),
            status=400 if form.errors else 200,
        )


def _registered_unit(project: Project, archive_no: str) -> Any:
    try:
        from dangan.custody.models import ProjectUnit
    except ImportError:
        return None
    pu = (
        ProjectUnit.objects.filter(project=project, unit__archive_no=archive_no)
        .select_related("unit")
        .first()
    )
    return pu.unit if pu else None


class DecideView(CapabilityRequiredMixin, View):
    capability = caps.DECIDE
    template_name = "acceptance/decide.html"

    def _round(self, request, pk: int) -> AcceptanceRound:
        return get_object_or_404(
            AcceptanceRound.objects.restrict(request.user).select_related("project"), pk=pk
        )

    def _render(self, request, rnd: AcceptanceRound, form: DecisionForm, status: int = 200):
        from django.shortcuts import render

        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        hazards = data.get("safety_hazards", "") if data.get("safety_hazard") else ""
        figures, outcome = services.preview(rnd, hazards, data.get("nonconformities", ""))
        return render(
            request,
            self.template_name,
            {
                "round": rnd,
                "form": form,
                "figures": figures,
                "outcome": outcome,
                "refusal": services.decide_refusal(request.user, rnd),
            },
            status=status,
        )

    def get(self, request, pk: int):
        return self._render(request, self._round(request, pk), DecisionForm())

    def post(self, request, pk: int):
        rnd = self._round(request, pk)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return self._render(request, rnd, form, 400)
        try:
            decision = services.decide(rnd, request.user, **form.cleaned_data)
        except (services.AcceptanceError, ValidationError) as exc:
            messages.error(request, _error_text(exc))
            return self._render(request, rnd, form, 400)
        if decision.accepted:
            messages.success(
                request,
                gettext("第 %(rnd_number)s 轮验收通过（DAT31-12、SX-3.3-c）") % {"rnd_number": rnd.number},
            )
        else:
            messages.warning(
                request,
                gettext(
                    "第 %(rnd_number)s 轮不予验收通过，已向服务方下达整改通知 %(decision_rectification_order_number)s"
                )
                % {
                    "rnd_number": rnd.number,
                    "decision_rectification_order_number": decision.rectification_order.number,
                },
            )
        return redirect(rnd.get_absolute_url())


class ReportPdfView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        from .report import report_pdf

        rnd = get_object_or_404(
            AcceptanceRound.objects.restrict(request.user).select_related(
                "project", "project__client", "project__provider"
            ),
            pk=pk,
        )
        if not rnd.machine_check:
            raise Http404(gettext("计算机自动检验尚未完成，还没有验收报告"))
        pdf = report_pdf(rnd)
        append("acceptance.report_exported", obj=rnd, after={"bytes": len(pdf)})
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"acceptance-report-{rnd.project_id}-{rnd.number}-{timezone.localdate():%Y%m%d}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class StartOcrView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        rnd = get_object_or_404(
            AcceptanceRound.objects.restrict(request.user).select_related("project"), pk=pk
        )
        try:
            job = services.start_ocr(rnd, request.user)
        except services.AcceptanceError as exc:
            raise PermissionDenied(exc.message) from exc
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return redirect(rnd.get_absolute_url())
        messages.success(request, gettext("已发起全文识别"))
        return redirect(job.get_absolute_url())
