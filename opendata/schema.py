"""How a published column is declared: `Column` and `Resource` with their Table Schema
descriptors, and the helpers the declarations in `opendata.columns` use (a code column and its
vocabulary, a yes/no finding, rich text, the translation columns of a translated field)."""

from dataclasses import dataclass, field, replace

from ogp import translated
from ogp.security import RICH_TEXT_FORMAT, clean_rich_text

LIST_DELIMITER = ";"
KINDS = {"string": "text"}  # the explorer dictionary's word for a Table Schema type


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, boolean, date, datetime, list
    description: str
    source: str = ""  # the .values() path, when it differs from the name
    enum: tuple = ()
    required: bool = False
    choices: object = None  # the TextChoices of a code column
    clean: object = None  # a function applied to the value read from the database
    computed: bool = False  # not a database path: the reader of the resource sets it
    irm: bool = False  # explorer: empty unless irm_state is "assessed"
    language: str = ""  # a translation column (title_es): its language (with_translations)

    @property
    def path(self):
        return self.source or self.name

    @property
    def kind(self):
        """The explorer dictionary's type: text, integer, boolean, date or code."""
        return "code" if self.choices else KINDS.get(self.type, self.type)

    def descriptor(self):
        descriptor = {"name": self.name, "type": self.type, "description": self.description}
        if self.type == "list":
            descriptor.update(delimiter=LIST_DELIMITER, itemType="string")
        if self.type == "datetime":
            descriptor["format"] = "any"
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            descriptor["constraints"] = constraints
        return descriptor


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    columns: list
    primary_key: list
    foreign_keys: list = field(default_factory=list)  # (fields, resource, reference fields)

    @property
    def path(self):
        return f"{self.name}.csv"

    @property
    def names(self):
        return [column.name for column in self.columns]

    def column(self, name):
        return next(column for column in self.columns if column.name == name)

    def schema(self):
        schema = {
            "fields": [column.descriptor() for column in self.columns],
            "primaryKey": self.primary_key,
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": fields, "reference": {"resource": resource, "fields": reference}}
                for fields, resource, reference in self.foreign_keys
            ]
        return schema


def codes(choices):
    """The codes of a vocabulary; a blank one ("not reported") is an empty cell, not a code."""
    return tuple(value for value in choices.values if value != "")


def _code_help(choices):
    return "; ".join(f"{value} = {label}" for value, label in choices.choices if value != "")


def code(name, choices, description, source="", required=False):
    described = f"{description} Codes: {_code_help(choices)}."
    if not required:
        described += " Empty when no value was recorded."
    return Column(
        name,
        "string",
        described,
        source=source,
        enum=codes(choices),
        required=required,
        choices=choices,
    )


def yes_no(name, description, source=""):
    return Column(name, "boolean", f"{description} Empty when not assessed.", source=source)


LANGUAGE_NAMES = {"es": "Spanish", "fr": "French"}


def with_translations(model, columns):
    """The columns, each of a translatable field of `model` (ogp.translated) followed by its
    translations: `title`, then `title_es`, `title_fr` — optional, empty where not translated
    (the English text applies), read and cleaned as the English column is."""
    names = set(translated.translated_fields(model))
    expanded = []
    for column in columns:
        expanded.append(column)
        if column.computed or column.path not in names:
            continue
        for language in translated.OTHER_LANGUAGES:
            expanded.append(
                replace(
                    column,
                    name=translated.column_name(column.name, language),
                    source=translated.column_name(column.path, language),
                    description=f"{column.description} In {LANGUAGE_NAMES.get(language, language)}"
                    f" ({language}); empty when not translated (the English text applies).",
                    required=False,
                    language=language,
                )
            )
    return expanded


def rich_text(name, what):
    return Column(name, "string", f"{what} {RICH_TEXT_FORMAT}", clean=clean_rich_text)
