"""A record of each spreadsheet import: who, when, which file, what it did.

The uploaded file is kept between the preview and the confirmation (nothing is written to
members, plans or commitments before staff confirm), and afterwards as the evidence of what was
imported. Each record an import writes gets a history entry whose change reason is
"Import #<id>", so the history of any record leads back here.
"""

from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ogp.constraints import one_of

# Who may import: the right to add import runs, and for each sheet the rights to write what it
# writes. The commitment sheet writes members, their prefixes, plans, commitments, IRM reports and
# assessments (the records of both staff groups); the participation and score sheets only IRM
# records. Only those who may import some sheet see the uploaded sheets (the admin, and the files
# under /media/imports/, ogp.security).
UPLOAD_PERMISSION = "imports.add_importrun"
SHEET_PERMISSIONS = {
    "commitments": (
        "members.add_member",
        "members.change_member",
        "commitments.add_identifierprefix",
        "commitments.add_actionplan",
        "commitments.change_actionplan",
        "commitments.add_commitment",
        "commitments.change_commitment",
        "irm.add_irmreport",
        "irm.add_commitmentassessment",
        "irm.change_commitmentassessment",
    ),
    "participation": (
        "irm.add_participationassessment",
        "irm.change_participationassessment",
    ),
    "scores": ("irm.add_thirdpartyscore", "irm.change_thirdpartyscore"),
}
UPLOAD_FOLDER = "imports"


def may_upload(user):
    """Whether `user` may upload a sheet and see what importing it would do (the preview)."""
    return user.is_active and user.has_perm(UPLOAD_PERMISSION)


def may_import(user, kind=None):
    """Whether `user` may import a sheet of `kind` (one of SHEET_PERMISSIONS), or without a kind
    any sheet at all (upload it and see the uploaded ones)."""
    if not may_upload(user):
        return False
    kinds = [kind] if kind else SHEET_PERMISSIONS
    return any(user.has_perms(SHEET_PERMISSIONS[name]) for name in kinds)


def groups_that_may_import(kind):
    """The names of the staff groups whose permissions cover a sheet of `kind`, and if none
    does, those that hold part of them (a member of all of them may import it)."""
    needed = {UPLOAD_PERMISSION, *SHEET_PERMISSIONS[kind]}
    held = {}
    for name, app_label, codename in Group.objects.filter(
        permissions__codename__in=[perm.split(".")[1] for perm in needed]
    ).values_list("name", "permissions__content_type__app_label", "permissions__codename"):
        if f"{app_label}.{codename}" in needed:
            held.setdefault(name, set()).add(f"{app_label}.{codename}")
    covering = sorted(name for name, perms in held.items() if perms >= needed)
    return covering, [] if covering else sorted(held)


def stored_name(filename):
    """A short, safe name for the stored copy of an upload ("Plan (v2).XLSX" → "plan-v2.xlsx")."""
    path = PurePath(filename)
    return (slugify(path.stem)[:60] or "sheet") + path.suffix.lower()[:6]


def staff_member(verbose_name):
    """Who did it: a staff account, null once the account is deleted (the run stays)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class ImportStatus(models.TextChoices):  # ImportRun.Status
    PREVIEWED = "previewed", _("Previewed, awaiting confirmation")
    REJECTED = "rejected", _("Rejected (errors, nothing written)")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed (nothing written)")
    CANCELLED = "cancelled", _("Cancelled")
    REVERTED = "reverted", _("Reverted")


class ImportKind(models.TextChoices):  # ImportRun.Kind
    COMMITMENTS = "commitments", _("Commitment sheet")
    PARTICIPATION = "participation", _("Participation sheet")
    SCORES = "scores", _("Third-party score sheet")


class ImportSource(models.TextChoices):  # ImportRun.Source
    ADMIN = "admin", _("Admin upload")
    CLI = "cli", _("Command line")


class ImportRun(models.Model):
    Status = ImportStatus

    Kind = ImportKind

    Source = ImportSource

    file = models.FileField(
        _("File"), upload_to=f"{UPLOAD_FOLDER}/%Y/%m/", max_length=255, blank=True
    )
    kind = models.CharField(
        _("Sheet"),
        max_length=16,
        choices=Kind,
        default=Kind.COMMITMENTS,
        help_text=_("Recognised from the file's columns."),
    )
    filename = models.CharField(_("File name"), max_length=255, help_text=_("As uploaded."))
    report_title = models.CharField(
        _("IRM report"),
        max_length=300,
        blank=True,
        help_text=_(
            "The report the sheet's IRM values belong to, for what it assesses; blank: each "
            "column goes to the plan's report that assesses it."
        ),
    )
    source = models.CharField(_("Source"), max_length=8, choices=Source, default=Source.ADMIN)
    status = models.CharField(_("Status"), max_length=12, choices=Status, default=Status.PREVIEWED)
    message = models.TextField(
        _("Message"), blank=True, help_text=_("Why the file was rejected or failed.")
    )
    created_at = models.DateTimeField(_("Uploaded"), auto_now_add=True)
    created_by = staff_member(_("Uploaded by"))
    applied_at = models.DateTimeField(_("Applied"), null=True, blank=True)
    applied_by = staff_member(_("Applied by"))
    rows = models.PositiveIntegerField(_("Rows"), default=0)
    new = models.PositiveIntegerField(_("New"), default=0)
    changed = models.PositiveIntegerField(_("Changed"), default=0)
    unchanged = models.PositiveIntegerField(_("Unchanged"), default=0)
    errors = models.PositiveIntegerField(_("Errors"), default=0)
    preview = models.JSONField(
        _("Preview"),
        default=dict,
        blank=True,
        help_text=_("The rows to show: errors, new and changed."),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            one_of(
                "status",
                ImportStatus,
                name="imports_importrun_status_valid",
            ),
            one_of("source", ImportSource, name="imports_importrun_source_valid"),
            one_of(
                "kind",
                ImportKind,
                name="imports_importrun_kind_valid",
            ),
        ]

    def __str__(self):
        return f"Import #{self.pk}: {self.filename}"

    def get_absolute_url(self):
        return reverse("admin:imports_importrun_preview", args=[self.pk])

    @property
    def change_reason(self):
        return f"Import #{self.pk}"

    def record_counts(self, counts):
        for name in ("rows", "new", "changed", "unchanged"):
            setattr(self, name, counts[name])
        self.errors = counts["error"]
