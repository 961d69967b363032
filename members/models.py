"""Members of the partnership and what belongs to them: contacts, resources, posts.

This module depends on nothing else in the project (`irm → commitments → members`).
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ogp.constraints import one_of
from ogp.models import Timestamped
from ogp.text import comma_list
from ogp.translated import translations

FIRST_YEAR = 2011  # OGP was launched in 2011.
LAST_YEAR = 2100

year_validators = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


def year_in_range(field):
    return Q(**{f"{field}__gte": FIRST_YEAR, f"{field}__lte": LAST_YEAR})


YEAR_OUT_OF_RANGE = _("The year must be between 2011 and 2100.")


def a_year(field, *, name, message=YEAR_OUT_OF_RANGE):
    """The database refuses a year of `field` outside FIRST_YEAR–LAST_YEAR (a null one passes)."""
    return models.CheckConstraint(
        condition=year_in_range(field), name=name, violation_error_message=message
    )


def split_focus(text):
    """A member's "policy area focus": its own comma-separated labels, as a list."""
    return comma_list(text)


class Region(models.Model):
    """One of OGP's regions. Reference data, seeded by a data migration."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    name_es, name_fr = translations(name)
    slug = models.SlugField(_("Slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(
        _("Position"), default=0, help_text=_("Order in lists.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class MemberQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class MemberKind(models.TextChoices):  # Member.Kind
    NATIONAL = "national", _("National")
    LOCAL = "local", _("Local")


class MemberStatus(models.TextChoices):  # Member.Status
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    UNDER_REVIEW = "under_review", _("Under review")
    CONTRARY_TO_PROCESS = "contrary_to_process", _("Acted contrary to process")


class Member(Timestamped):
    """A national or local government. The prefixes of its commitment identifiers are
    `commitments.IdentifierPrefix` rows: they can be tied to its action plans."""

    Kind = MemberKind
    Status = MemberStatus

    name = models.CharField(
        _("Name"), max_length=200, unique=True, help_text=_('A local member is "City, Country".')
    )
    slug = models.SlugField(_("Slug"), max_length=200, unique=True)
    kind = models.CharField(_("Kind"), max_length=10, choices=Kind, default=Kind.NATIONAL)
    country_code = models.CharField(
        _("Country (ISO 3166 alpha-2)"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use two capital letters, e.g. KR."))],
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("National member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_members",
        limit_choices_to={"kind": "national"},
        help_text=_("For a local member: the national member of its country, if any."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("Region"), on_delete=models.PROTECT, related_name="members"
    )
    member_since = models.PositiveSmallIntegerField(
        _("Member since"),
        null=True,
        blank=True,
        validators=year_validators,
        help_text=_("The year it joined OGP. Blank: not recorded (shown as such)."),
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status, default=Status.ACTIVE)
    summary = models.TextField(
        _("Summary"), blank=True, help_text=_("About the current action plan.")
    )
    summary_es, summary_fr = translations(summary)
    policy_area_focus = models.CharField(
        _("Policy area focus"),
        max_length=300,
        blank=True,
        help_text=_("As the member states it, comma-separated. Blank shows “Not specified”."),
    )
    policy_area_focus_es, policy_area_focus_fr = translations(policy_area_focus)
    lead_agency = models.CharField(_("Lead ministry or agency"), max_length=200, blank=True)
    lead_agency_url = models.URLField(_("Lead agency website"), blank=True)
    published = models.BooleanField(_("Published"), default=False)

    history = HistoricalRecords()
    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "region"], name="members_member_kind_region")]
        constraints = [
            one_of(
                "kind",
                MemberKind,
                name="members_member_kind_valid",
                message=_("Kind must be national or local."),
            ),
            one_of(
                "status",
                MemberStatus,
                name="members_member_status_valid",
                message=_("Status must be one of the listed statuses."),
            ),
            a_year(
                "member_since",
                name="members_member_since_in_range",
                message=_("“Member since” must be a year between 2011 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(kind="local") | Q(parent__isnull=True),
                name="members_member_only_local_has_parent",
                violation_error_message=_("Only a local member can belong to a national member."),
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="members_member_slug_not_blank",
                violation_error_message=_("Give the member a slug for its public address."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:member-detail", args=[self.slug])

    @property
    def short_name(self):
        """How pages name the member in a sentence: "Seoul" for "Seoul, South Korea"."""
        if self.kind == self.Kind.LOCAL:
            return self.name.split(",")[0].strip()
        return self.name

    @property
    def focus_labels(self):
        return split_focus(self.policy_area_focus)


class Contact(models.Model):
    member = models.ForeignKey(
        Member, verbose_name=_("Member"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("Name"), max_length=200)
    job_title = models.CharField(_("Job title"), max_length=200, blank=True)
    organisation = models.CharField(_("Organisation or unit"), max_length=300, blank=True)
    email = models.EmailField(_("Email"), blank=True)
    email_published = models.BooleanField(
        _("Email shown on the page"),
        default=False,
        help_text=_("Show the email address on the public page."),
    )
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["member", "position", "name"]

    def __str__(self):
        return self.name

    @property
    def public_email(self):
        return self.email if self.email_published else ""


class ResourceType(models.Model):
    """Action Plan, IRM Report, Report Comments, Letter… (staff-editable)."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Slug"), max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resource type")
        verbose_name_plural = _("resource types")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ResourceFormat(models.TextChoices):  # Resource.Format
    WEB_PAGE = "web", _("Web page")
    PDF = "pdf", _("PDF")
    DOCUMENT = "doc", _("Document")
    SPREADSHEET = "sheet", _("Spreadsheet")
    VIDEO = "video", _("Video")
    OTHER = "other", _("Other")


class Resource(models.Model):
    """A document about a member. Titles repeat (the Seoul page lists one title twice)."""

    Format = ResourceFormat

    member = models.ForeignKey(
        Member, verbose_name=_("Member"), on_delete=models.CASCADE, related_name="resources"
    )
    title = models.CharField(_("Title"), max_length=300)
    title_es, title_fr = translations(title)
    teaser = models.TextField(_("Teaser"), blank=True)
    teaser_es, teaser_fr = translations(teaser)
    year = models.PositiveSmallIntegerField(_("Year"), validators=year_validators)
    type = models.ForeignKey(
        ResourceType, verbose_name=_("Type"), on_delete=models.PROTECT, related_name="resources"
    )
    format = models.CharField(_("Format"), max_length=10, choices=Format, default=Format.WEB_PAGE)
    url = models.URLField(_("Link"), max_length=500, blank=True)
    file = models.FileField(_("File"), upload_to="resources/%Y/", blank=True)
    position = models.PositiveSmallIntegerField(
        _("Position"),
        default=0,
        help_text=_("Order among the member's resources of the same year."),
    )
    published = models.BooleanField(_("Published"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["member", "-year", "position", "pk"]
        constraints = [
            one_of(
                "format",
                ResourceFormat,
                name="members_resource_format_valid",
                message=_("Format must be one of the listed formats."),
            ),
            a_year("year", name="members_resource_year_in_range"),
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""),
                name="members_resource_has_link_or_file",
                violation_error_message=_("Give the resource a link or upload a file."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    @property
    def href(self):
        return self.file.url if self.file else self.url


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Post(models.Model):
    """A news item ("Recent Posts"), tagged with the members it is about."""

    title = models.CharField(_("Title"), max_length=300)
    title_es, title_fr = translations(title)
    slug = models.SlugField(_("Slug"), max_length=300, unique_for_date="date")
    date = models.DateField(
        _("Date"),
    )
    excerpt = models.TextField(_("Excerpt"), blank=True)
    excerpt_es, excerpt_fr = translations(excerpt)
    url = models.URLField(_("Link"), max_length=500)
    members = models.ManyToManyField(
        Member, verbose_name=_("Members"), related_name="posts", blank=True
    )
    published = models.BooleanField(_("Published"), default=True)

    history = HistoricalRecords(m2m_fields=[members])
    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-date", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "slug"],
                name="members_post_unique_slug_date",
                violation_error_message=_("Another post of that date already has this slug."),
            )
        ]

    def __str__(self):
        return self.title
