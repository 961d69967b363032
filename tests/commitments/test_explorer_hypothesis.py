"""Random query strings thrown at the explorer and the exports: never a server error.

Valid input gets 200; anything else 400 (or 404 for a page past the end) with a reason.
"""

from urllib.parse import quote, unquote_plus

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from commitments.filters import CommitmentFilter
from tests.commitments import test_explorer_data as data

PARAMETERS = [*CommitmentFilter.base_filters, "page", "per_page"]
PLAUSIBLE = [
    "open-data",
    "access-to-information",
    "south-korea",
    "europe",
    "all",
    "any",
    "yes",
    "pending",
    "no_data",
    "2018",
    "-year",
    "relevance",
    "1",
    "0",
    "-1",
    "1e3",
    "99999999999999999999",
    "' OR 1=1 --",
    "a & b | !c",
    "\x00",
    # Search syntax (websearch on PostgreSQL, its imitation on SQLite), nothing left to find
    # included.
    '""',
    '"-"',
    "-",
    "OR",
    "-budget",
    '"open data" -budget',
]

values = st.one_of(st.sampled_from(PLAUSIBLE), st.text(max_size=40))
names = st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=12))
pairs = st.lists(st.tuples(names, values), max_size=6)
raw = st.text(alphabet=st.characters(codec="utf-8"), max_size=80)

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def query_string(items):
    return "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in items)


class RandomQueryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        data.build()

    def check(self, path, query):
        response = self.client.get(f"{path}?{query}")
        self.assertIn(response.status_code, {200, 400, 404}, query)
        if response.status_code != 200:
            if response.get("Content-Type", "").startswith("application/json"):
                self.assertTrue(response.json()["details"])
            elif "\x00" in unquote_plus(query):  # refused before the view (ogp.middleware)
                self.assertContains(response, "Null characters are not allowed", status_code=400)
            else:
                self.assertContains(
                    response, "The filters could not be applied", status_code=response.status_code
                )
        elif response.streaming:
            b"".join(response.streaming_content)

    @SETTINGS
    @given(pairs)
    def test_explorer_with_random_parameters(self, items):
        self.check("/commitments/", query_string(items))

    @SETTINGS
    @given(raw)
    def test_explorer_with_a_raw_query_string(self, text):
        self.check("/commitments/", quote(text, safe="=&%+"))

    @SETTINGS
    @given(pairs, st.sampled_from(["csv", "json", "xlsx"]))
    def test_exports_with_random_parameters(self, items, export_format):
        self.check(f"/commitments/export.{export_format}", query_string(items))
