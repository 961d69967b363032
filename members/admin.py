"""Staff admin for members, contacts, resources and posts (the base classes are in ogp.admin).

Every changelist reads its foreign keys in the page query (`list_select_related`) and its counts
as correlated subqueries (`CountColumn`). Members are guarded against lost updates
(`OptimisticLockAdmin`): a form saved after someone else saved the same member is refused.
"""

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from commitments.admin import IdentifierPrefixInline
from commitments.models import ActionPlan
from members.models import Contact, Member, Post, Region, Resource, ResourceType
from ogp.admin import (
    CountColumn,
    HistoryAdmin,
    TabularInline,
    cache_choices,
)
from ogp.optimistic_lock import OptimisticLockAdmin, OptimisticLockForm
from ogp.security import validate_upload

# --- Reference data -------------------------------------------------------------------------


@admin.register(Region)
class RegionAdmin(HistoryAdmin):
    list_display = ["name", "slug", "position", "member_count"]
    list_editable = ["position"]
    search_fields = ["name"]
    ordering = ["position", "name"]
    prepopulated_fields = {"slug": ["name"]}

    member_count = CountColumn(Member, "region", _("members"))


@admin.register(ResourceType)
class ResourceTypeAdmin(HistoryAdmin):
    list_display = ["name", "slug", "resource_count"]
    search_fields = ["name"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    resource_count = CountColumn(Resource, "type", _("resources"))


# --- Members --------------------------------------------------------------------------------


class MemberForm(OptimisticLockForm):
    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        kind = cleaned.get("kind")
        country = cleaned.get("country_code")
        if parent is None:
            return cleaned
        if kind and kind != Member.Kind.LOCAL:
            self.add_error(
                "parent",
                _(
                    "Only a local member has a national parent: clear this field "
                    "or set kind to Local."
                ),
            )
        elif parent.kind != Member.Kind.NATIONAL:
            self.add_error(
                "parent",
                _("%(parent)s is a local member; choose the national member of the country.")
                % {"parent": parent},
            )
        elif self.instance.pk and parent.pk == self.instance.pk:
            self.add_error("parent", _("A member cannot be its own parent."))
        elif country and parent.country_code != country:
            self.add_error(
                "parent",
                _(
                    "%(parent)s is the national member of %(parent_country)s, but this member's "
                    "country is %(country)s: choose the national member of %(country)s, or "
                    "correct the country."
                )
                % {"parent": parent, "parent_country": parent.country_code, "country": country},
            )
        return cleaned


class ResourceForm(forms.ModelForm):
    def clean_file(self):
        """A new upload must be an allowed type, small enough, and what its extension says
        (ogp.security.validate_upload); a file already stored is kept as it is."""
        uploaded = self.cleaned_data.get("file")
        if isinstance(uploaded, UploadedFile):
            validate_upload(uploaded)
        return uploaded

    def clean(self):
        cleaned = super().clean()
        missing = not cleaned.get("url") and not cleaned.get("file")
        checked = {"url", "file"} <= set(self.fields) and not {"url", "file"} & set(self.errors)
        if missing and checked:
            self.add_error("url", _("Give a link to the document, or upload its file."))
        return cleaned


class ContactInline(TabularInline):
    model = Contact
    fields = ["name", "job_title", "organisation", "email", "email_published", "position"]
    extra = 1


class ResourceInline(TabularInline):
    model = Resource
    form = ResourceForm
    fields = ["title", "year", "position", "type", "format", "url", "file", "published"]
    extra = 1
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "type":
            formfield = cache_choices(formfield, request, "resource-type")
        return formfield


@admin.register(Member)
class MemberAdmin(OptimisticLockAdmin, HistoryAdmin):
    form = MemberForm
    list_display = [
        "name",
        "kind",
        "country_code",
        "region",
        "prefixes",
        "member_since",
        "status",
        "published",
        "action_plan_count",
    ]
    list_filter = ["published", "kind", "status", "region"]
    search_fields = [
        "name__unaccented__icontains",  # accents and case aside (ogp/text.py)
        "slug",
        "=identifier_prefixes__prefix",
        "=country_code",
    ]
    ordering = ["name"]
    list_select_related = ["region"]
    autocomplete_fields = ["parent", "region"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [IdentifierPrefixInline, ContactInline, ResourceInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    ("kind", "country_code"),
                    "parent",
                    "region",
                    ("member_since", "status"),
                    "published",
                ]
            },
        ),
        (
            _("Profile"),
            {"fields": ["summary", "policy_area_focus", "lead_agency", "lead_agency_url"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    action_plan_count = CountColumn(ActionPlan, "member", _("action plans"))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("identifier_prefixes")

    @admin.display(description=_("identifier prefixes"))
    def prefixes(self, obj):
        return ", ".join(prefix.prefix for prefix in obj.identifier_prefixes.all())


@admin.register(Contact)
class ContactAdmin(HistoryAdmin):
    list_display = ["name", "member", "job_title", "organisation", "email", "email_published"]
    list_filter = ["email_published", "member__region"]
    search_fields = ["name", "email", "organisation", "member__name"]
    ordering = ["member__name", "position", "name"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]


@admin.register(Resource)
class ResourceAdmin(HistoryAdmin):
    form = ResourceForm
    list_display = ["title", "member", "year", "type", "format", "published"]
    list_filter = ["published", "type", "format", "year"]
    search_fields = ["title", "member__name"]
    ordering = ["member__name", "-year", "position", "pk"]
    list_select_related = ["member", "type"]
    autocomplete_fields = ["member"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "type":
            formfield = cache_choices(formfield, request, "resource-type")
        return formfield


@admin.register(Post)
class PostAdmin(HistoryAdmin):
    list_display = ["title", "date", "published", "member_count"]
    list_filter = ["published"]
    date_hierarchy = "date"
    search_fields = ["title", "excerpt", "members__name"]
    ordering = ["-date", "title"]
    autocomplete_fields = ["members"]
    prepopulated_fields = {"slug": ["title"]}

    member_count = CountColumn(Post.members.through, "post", _("members"))
