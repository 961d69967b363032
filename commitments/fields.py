"""The explorer's form fields: a multiple choice capped in length, and the member field that
takes slugs or names, matched in memory against the reference lists (`name_key`: case,
accents and apostrophes aside)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.fields import MultipleChoiceField as FilterMultipleChoiceField

from ogp.text import unaccent

# The most values one parameter may carry (policy_area=…&policy_area=…): more than any list of
# choices holds (43 policy areas), few enough that no request can pile up work with repeats.
MAX_VALUES = 100


class CappedMultipleChoiceField(FilterMultipleChoiceField):
    """A multiple choice of at most MAX_VALUES values, each once (repeats are dropped)."""

    max_values = MAX_VALUES
    default_error_messages = {
        "too_many": _("Choose at most %(limit)s values here; the request has %(count)s."),
    }

    def clean(self, value):
        if value and len(value) > self.max_values:  # before each is checked against the choices
            raise forms.ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"limit": self.max_values, "count": len(value)},
            )
        return list(dict.fromkeys(super().clean(value)))


def name_key(text):
    """A member's name as typed or shown, for matching: case, accents, apostrophes and spacing
    do not count ("cote d'ivoire" finds "Côte d’Ivoire")."""
    return " ".join(unaccent(str(text).replace("’", "'")).split()).casefold()


MEMBER_SUGGESTIONS = 10


def match_members(references, text, limit=MEMBER_SUGGESTIONS):
    """The published members whose name holds `text`, as (slug, name): names that start with
    it first, then the others, each by name; at most `limit`."""
    key = name_key(text)
    if not key:
        return []
    starting, containing = [], []
    for (slug, name), name_key_ in zip(references.members, references.member_keys, strict=True):
        if name_key_.startswith(key):
            starting.append((slug, name))
        elif key in name_key_:
            containing.append((slug, name))
        if len(starting) >= limit:
            break
    return (starting + containing)[:limit]


class MemberField(forms.Field):
    """Published members, each given by its slug or its name: a slug, a whole name, or part
    of a name that only one member's name holds. Thousands of members: matched against the
    reference lists, never offered as a list of choices. Cleans to the slugs."""

    default_error_messages = {
        "unknown": _("No published member is called “%(value)s”."),
        "ambiguous": _(
            "“%(value)s” is in the names of several members (%(names)s…): choose one from the "
            "list or type the whole name."
        ),
        "too_many": CappedMultipleChoiceField.default_error_messages["too_many"],
    }

    def __init__(self, *, references=None, **kwargs):
        self.references = references
        super().__init__(**kwargs)
        if references is not None:
            self.widget.names = references.member_names
            self.widget.resolve = self.slug_for

    def slug_for(self, text):
        """The slug `text` names, or None."""
        try:
            return self.resolve(text)
        except forms.ValidationError:
            return None

    def to_python(self, value):
        if value in self.empty_values:
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        return [text.strip() for text in map(str, values) if text.strip()]

    def resolve(self, text):
        """The slug `text` names, or a ValidationError."""
        references = self.references
        if text in references.member_slugs:
            return text
        key = name_key(text)
        exact = references.member_by_key.get(key)
        if exact:
            return exact
        found = match_members(references, text, limit=4)
        if len(found) == 1:
            return found[0][0]
        if not found:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text}
            )
        raise forms.ValidationError(
            self.error_messages["ambiguous"],
            code="ambiguous",
            params={"value": text, "names": "; ".join(name for _slug, name in found[:3])},
        )

    def clean(self, value):
        values = self.to_python(value)
        if self.required and not values:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(values) > MAX_VALUES:
            raise forms.ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"limit": MAX_VALUES, "count": len(values)},
            )
        slugs, errors = [], []
        for text in values:
            try:
                slugs.append(self.resolve(text))
            except forms.ValidationError as error:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        return list(dict.fromkeys(slugs))
