"""The API's shared pieces: links built fast from the public identifiers, the field lists
taken from the published columns (opendata.columns), rich text and translation columns read as
the registry cleans them, and the references (`<Model>Ref`) one answer makes to another record.
"""

from urllib.parse import urlencode

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.labels import NameLabelField
from commitments.models import ActionPlan, Commitment, PolicyArea
from irm.models import IrmReport
from members.models import Member, Region
from ogp.paths import fast_path


def _base(request):
    base = getattr(request, "_api_base_url", None)
    if base is None:
        base = request.build_absolute_uri("/").rstrip("/") if request is not None else ""
        request._api_base_url = base
    return base


def fast_reverse(view_name, request, **kwargs):
    """reverse() with the request's scheme and host, as DRF's reverse does, but built from a
    template (ogp.paths)."""
    return _base(request) + fast_path(view_name, **kwargs)


def published_fields(resource, links=(), url=True):
    """A record's fields: the columns the bulk files publish (opendata.columns), in their
    order, with the record's "url" after its key (first for a two-part key), the plan as
    "action_plan" (a reference, not a number) and `links` before "updated_at"."""
    names = ["action_plan" if name == "action_plan_number" else name for name in resource.names]
    if url:
        names.insert(1 if len(resource.primary_key) == 1 else 0, "url")
    end = names.index("updated_at") if "updated_at" in names else len(names)
    return [*names[:end], *links, *names[end:]]


def api_url(view_name, request, query=None, **kwargs):
    url = fast_reverse(f"api:{view_name}", request, **kwargs)
    return f"{url}?{urlencode(query)}" if query else url


class Link(serializers.HyperlinkedRelatedField):
    """A read-only link to a record whose URL takes several parts (member + plan number…)."""

    def __init__(self, view_name, url_kwargs, **kwargs):
        self.url_kwargs = url_kwargs  # {url kwarg: attribute path on the object}
        kwargs["read_only"] = True
        super().__init__(view_name=f"api:{view_name}", **kwargs)

    def use_pk_only_optimization(self):
        return False

    def get_url(self, obj, view_name, request, format):
        kwargs = {}
        for name, path in self.url_kwargs.items():
            value = obj
            for part in path.split("."):
                value = getattr(value, part)
            kwargs[name] = value
        return fast_reverse(view_name, request, **kwargs)


class RichTextField(serializers.CharField):
    """Staff rich text as the pages show it: HTML sanitised by the same rule
    (ogp.security.clean_rich_text), plain text as it is."""

    def __init__(self, column, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", column.description)  # the registry's, format included
        self.clean = column.clean  # ogp.security.clean_rich_text
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self.clean(super().to_representation(value))


@extend_schema_field(OpenApiTypes.STR)
class CleanedColumn(serializers.Field):
    """A translation column (opendata.schema.with_translations: summary_es) read and cleaned
    as the registry says, as its English column is: sanitised rich text, or a list."""

    def __init__(self, column, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", column.description)
        self.column = column
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self.column.clean(value or "")


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class CleanedListColumn(CleanedColumn):
    pass


class TranslationColumns:
    """For a serializer whose Meta names its `resource`: the translation columns that the
    registry cleans (rich text, lists) are read through the registry's clean function."""

    def get_fields(self):
        fields = super().get_fields()
        for column in self.Meta.resource.columns:
            if column.language and column.clean and column.name in fields:
                kind = CleanedListColumn if column.type == "list" else CleanedColumn
                fields[column.name] = kind(column)
        return fields


def member_link(**kwargs):
    return Link("member-detail", {"slug": "slug"}, **kwargs)


def plan_link(**kwargs):
    return Link("action-plan-detail", {"slug": "member.slug", "number": "number"}, **kwargs)


def ref_serializer(model, fields, link):
    """A reference to a `model` row inside another answer: its key `fields` and its API `link`
    (`url`). The class is named `<Model>RefSerializer`, the schema's `<Model>Ref`."""
    name = f"{model.__name__}RefSerializer"
    meta = type("Meta", (), {"model": model, "fields": [*fields, "url"]})
    namespace = {"__module__": __name__, "__qualname__": name, "url": link, "Meta": meta}
    if "label" in fields:
        namespace["label"] = NameLabelField()
    return type(name, (serializers.ModelSerializer,), namespace)


RegionRefSerializer = ref_serializer(
    Region, ["slug", "name", "label"], Link("region-detail", {"slug": "slug"}, source="*")
)
MemberRefSerializer = ref_serializer(Member, ["slug", "name"], member_link(source="*"))
PolicyAreaRefSerializer = ref_serializer(
    PolicyArea, ["slug", "name", "label"], Link("policy-area-detail", {"slug": "slug"}, source="*")
)
ActionPlanRefSerializer = ref_serializer(ActionPlan, ["number", "title"], plan_link(source="*"))
CommitmentRefSerializer = ref_serializer(
    Commitment, ["identifier"], Link("commitment-detail", {"identifier": "identifier"}, source="*")
)
IrmReportRefSerializer = ref_serializer(
    IrmReport, ["id", "title"], Link("irm-report-detail", {"pk": "pk"}, source="*")
)
