"""Matching and sorting text as readers of each language expect, on PostgreSQL and on SQLite.

- **Accents and case do not count in a search.** `unaccent()` takes the accents off a text
  ("A Coruña" → "A Coruna"); in SQL the function `ogp_unaccent(text)` does the same: on
  PostgreSQL an immutable wrapper of the `unaccent` extension (migration ogp 0003, so indexes
  and generated columns can use it), on SQLite this module's `unaccent()`, registered on each
  connection. The lookup `field__unaccented__icontains=text` applies it to both sides
  (`Unaccented` is a bilateral transform): "coruna" finds "A Coruña", "Córdoba" finds
  "Cordoba".
- **Names sort by the language's collation.** `by_name("name")` orders by a field with the
  active language's collation (`COLLATIONS`): "Córdoba" before "Czech Republic", "Åland" among
  the A's, and in Spanish "ñ" after "n". On PostgreSQL ICU collations (migration ogp 0003), on
  SQLite `sort_key()` registered under the same names. Ties are broken by the byte order of
  the text (the collations are deterministic); callers add a unique field after it.
"""

import functools
import unicodedata

from django.db.models import CharField, F, Func, TextField, Transform
from django.utils.translation import get_language

UNACCENT_FUNCTION = "ogp_unaccent"

# The ICU collation of each language (created by migration ogp 0003 on PostgreSQL, registered
# on each SQLite connection): ICU locale, then the name SQL uses.
COLLATIONS = {"en": ("en", "ogp_en"), "es": ("es", "ogp_es"), "fr": ("fr", "ogp_fr")}
DEFAULT_COLLATION_LANGUAGE = "en"

# Letters NFKD does not take apart but PostgreSQL's unaccent rules do (a stroke, a ligature).
_UNDECOMPOSED = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
    }
)


def unaccent(text):
    """`text` without its accents, case kept ("Île" → "Ile"); None stays None."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text).translate(_UNDECOMPOSED))
    return unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if not unicodedata.combining(char))
    )


@CharField.register_lookup
@TextField.register_lookup
class Unaccented(Transform):
    """`field__unaccented__icontains=text`: both sides through `ogp_unaccent()`."""

    bilateral = True
    lookup_name = "unaccented"
    function = UNACCENT_FUNCTION


def collation_name(language=None):
    """The SQL name of the collation for `language` (the active one by default)."""
    code = (language or get_language() or DEFAULT_COLLATION_LANGUAGE).split("-")[0]
    return COLLATIONS.get(code, COLLATIONS[DEFAULT_COLLATION_LANGUAGE])[1]


class LanguageCollate(Func):
    """`expression COLLATE <the collation of the language active when the query runs>`."""

    template = "%(expressions)s COLLATE %(collation)s"
    allowed_default = False

    def as_sql(self, compiler, connection, **extra_context):
        extra_context.setdefault("collation", connection.ops.quote_name(collation_name()))
        return super().as_sql(compiler, connection, **extra_context)


def comma_list(text):
    """A comma-separated text as its list of labels, each trimmed, empty ones dropped."""
    return [label.strip() for label in text.split(",") if label.strip()]


def by_name(field, *, descending=False):
    """An order_by() term: `field` (a name or an expression) by the active language's
    collation."""
    collated = LanguageCollate(F(field) if isinstance(field, str) else field)
    return collated.desc() if descending else collated.asc()


# --- SQLite --------------------------------------------------------------------------------


def sort_key(language, text):
    """What the SQLite collation compares, close to ICU's: letters without accents or case
    first, then accents, then case, then the text itself. In Spanish "ñ" is a letter of its own,
    after "n"."""
    if language == "es":
        text_for_letters = text.replace("ñ", "n\U0010ffff").replace("Ñ", "N\U0010ffff")
    else:
        text_for_letters = text
    return (
        unaccent(text_for_letters).casefold(),
        text_for_letters.casefold(),
        text.swapcase(),  # ICU puts lower case first
        text,
    )


def _compare(language, left, right):
    left_key, right_key = sort_key(language, left), sort_key(language, right)
    return (left_key > right_key) - (left_key < right_key)


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created: `ogp_unaccent()` and the collations on a SQLite connection."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function(UNACCENT_FUNCTION, 1, unaccent, deterministic=True)
    for language, (_locale, name) in COLLATIONS.items():
        raw.create_collation(name, functools.partial(_compare, language))
