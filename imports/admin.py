"""Staff upload a spreadsheet, read the preview, and confirm. Nothing is written before that."""

from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from imports.models import (
    SHEET_PERMISSIONS,
    ImportRun,
    groups_that_may_import,
    may_import,
    may_upload,
    stored_name,
)
from imports.reader import MAX_FILE_BYTES
from imports.services import RevertRefused, apply_run, plan_run, revert_run
from ogp.admin import BaseAdmin


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy(
            "OGP's commitment sheet, or a participation or third-party score sheet "
            "(recognised by its columns), as .xlsx or .csv (UTF-8, UTF-16 or Windows-1252)."
        ),
    )
    report = forms.CharField(
        label=gettext_lazy("IRM report"),
        max_length=300,
        required=False,
        help_text=gettext_lazy(
            "Title of a report the sheet's IRM values belong to, for the indicators it assesses; "
            "created for each action plan that lacks it. Blank: each column goes to the plan's "
            "report that assesses it (docs/imports.md)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx", ".txt", ".tsv"):
            raise forms.ValidationError(_("Upload a .xlsx or .csv file."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // 2**20}
            )
        return upload


@admin.register(ImportRun)
class ImportRunAdmin(BaseAdmin):
    list_display = [
        "__str__",
        "kind",
        "status",
        "source",
        "created_by",
        "created_at",
        "rows",
        "new",
        "changed",
        "unchanged",
        "errors",
    ]
    list_filter = ["status", "kind", "source"]
    search_fields = ["filename", "report_title"]
    ordering = ["-created_at", "-pk"]
    list_select_related = ["created_by"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return may_upload(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="imports_importrun_preview",
            ),
            path(
                "<int:pk>/confirm/",
                self.admin_site.admin_view(require_POST(self.confirm_view)),
                name="imports_importrun_confirm",
            ),
            path(
                "<int:pk>/revert/",
                self.admin_site.admin_view(require_POST(self.revert_view)),
                name="imports_importrun_revert",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = self.get_object(request, unquote(object_id))  # None for a malformed id too
        if run is None:
            raise Http404
        return redirect(run.get_absolute_url())

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            run = ImportRun(
                filename=Path(upload.name).name[:255],
                report_title=form.cleaned_data["report"].strip(),
                created_by=request.user,
            )
            run.file.save(stored_name(upload.name), upload, save=False)
            run.save()
            plan_run(run)
            return redirect(run.get_absolute_url())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import OGP's commitment spreadsheet"),
            "form": form,
            "sheets": [
                (
                    ImportRun.Kind(kind).label,
                    None if may_import(request.user, kind) else who_may_import(kind),
                )
                for kind in SHEET_PERMISSIONS
            ],
        }
        return TemplateResponse(request, "admin/imports/importrun/upload.html", context)

    def preview_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun.objects.select_related("created_by", "applied_by"), pk=pk)
        may_import_kind = may_import(request.user, run.kind)
        can_confirm = (
            run.status == ImportRun.Status.PREVIEWED
            and not run.errors
            and (run.new or run.changed)
            and may_import_kind
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(run),
            "run": run,
            "rows": run.preview.get("rows", []),
            "hidden": run.preview.get("hidden", 0),
            "ignored_columns": run.preview.get("ignored_columns", []),
            "kept": run.preview.get("kept", []),
            "can_confirm": can_confirm,
            "can_cancel": run.status == ImportRun.Status.PREVIEWED
            and self.has_add_permission(request),
            "can_revert": run.status == ImportRun.Status.APPLIED and may_import_kind,
            "who_may_import": None if may_import_kind else who_may_import(run.kind),
        }
        return TemplateResponse(request, "admin/imports/importrun/preview.html", context)

    def confirm_view(self, request, pk):
        if not self.has_add_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=pk)
        if "cancel" not in request.POST and not may_import(request.user, run.kind):
            raise PermissionDenied
        if run.status != ImportRun.Status.PREVIEWED:
            messages.error(request, _("This import is not awaiting confirmation."))
        elif "cancel" in request.POST:
            run.status = ImportRun.Status.CANCELLED
            run.save(update_fields=["status"])
            messages.info(request, _("Import cancelled: nothing was written."))
        elif apply_run(run, user=request.user):
            messages.success(
                request,
                _("%(run)s applied: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.")
                % {"run": run, "new": run.new, "changed": run.changed, "unchanged": run.unchanged},
            )
        else:
            messages.error(request, run.message)
        return redirect(reverse("admin:imports_importrun_preview", args=[run.pk]))

    def revert_view(self, request, pk):
        if not self.has_add_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=pk)
        if not may_import(request.user, run.kind):
            raise PermissionDenied
        try:
            count = revert_run(run, user=request.user)
        except RevertRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("%(run)s reverted: %(count)d records deleted or restored.")
                % {"run": run, "count": count},
            )
        return redirect(reverse("admin:imports_importrun_preview", args=[run.pk]))


def who_may_import(kind):
    """Which staff may import a sheet of `kind` (for those who may not)."""
    covering, partial = groups_that_may_import(kind)
    kind = ImportRun.Kind(kind).label
    if covering:
        return _("Only staff in %(groups)s may import a %(kind)s (or an administrator).") % {
            "groups": _(" or ").join(covering),
            "kind": kind.lower(),
        }
    if partial:
        return _(
            "A %(kind)s writes the records of several staff groups: importing it needs the "
            "permissions of all of %(groups)s together (or an administrator)."
        ) % {"kind": kind.lower(), "groups": _(" and ").join(partial)}
    return _("Only an administrator may import a %(kind)s.") % {"kind": kind.lower()}
