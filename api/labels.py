"""The API's labels, in the language the client asked for (ogp.i18n.asked_language: `?lang=`,
else Accept-Language, else English).

Codes and every language's text stay as they are in every language (`irm_completion:
"complete"`, `title`, `title_es`, `title_fr`); beside them, what a reader of the language reads:

- `labels` on a record: `{field: label}` for each of its coded fields that has a value, the
  vocabulary's label (the models' TextChoices, translated in the catalogues);
- `label` beside the `name` of a region or a policy area (in a record, or a reference to
  one): its name in the language asked, else the English name (the pages' fallback rule,
  ogp.translated.localized).

No query: the labels are the vocabularies' and the names are loaded with their row.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ogp import translated
from ogp.translated import coded_fields


def choice_labels(obj, names):
    """The labels of `obj`'s coded fields among `names` that have a value, in the active
    language: {"irm_completion": "Completo", …}."""
    return {
        name: labels[value]
        for name, attname, labels in coded_fields(type(obj), names)
        if (value := getattr(obj, attname)) in labels
    }


class RecordField(serializers.Field):
    """A read-only field computed from the whole record (`source="*"`), described by `help`."""

    help = ""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", self.help)
        super().__init__(**kwargs)


@extend_schema_field(
    {"type": "object", "additionalProperties": {"type": "string"}},
)
class LabelsField(RecordField):
    """`labels`: the record's coded fields' labels in the language asked."""

    help = (
        "The label of each coded field that has a value, in the language asked "
        "(?lang=en|es|fr or Accept-Language; English by default): {field: label}. "
        "The codes themselves are the same in every language."
    )

    def to_representation(self, obj):
        return choice_labels(obj, self.parent.Meta.fields)


def name_label(obj):
    """A region's or a policy area's name in the language asked, else English."""
    return translated.localized(obj, "name")[0]


@extend_schema_field(OpenApiTypes.STR)
class NameLabelField(RecordField):
    """`label`: the name in the language asked (else English); `name` stays English."""

    help = (
        "The name in the language asked (?lang=en|es|fr or Accept-Language), else the "
        "English name; `name` is always English."
    )

    def to_representation(self, obj):
        return name_label(obj)


def with_label(names):
    """A record's field names with "label" right after "name"."""
    at = names.index("name") + 1
    return [*names[:at], "label", *names[at:]]
