"""The search's narrow copy of the stored vectors (`commitments.search.CommitmentSearch`, kept by
the triggers of migration 0018 on PostgreSQL) stays the commitments' own vectors whatever writes
them, and the explorer's search reads it; the order it gives its matches in
(`facets.OrderedMatches`) is the identifier's within each rank."""

from array import array

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext

from commitments.facets import FacetIndex, OrderedMatches, bitset, matches
from commitments.filters import CommitmentFilter
from commitments.models import Commitment
from commitments.search import CommitmentSearch, match_groups
from imports.commitment_plan import plan_import
from imports.commitment_sheet import read_spreadsheet
from imports.commitment_write import apply_import
from irm.services import refresh_all_findings
from tests import factories as f
from tests.imports.sheets import csv_bytes, row


def index_of(identifiers):
    """A facet index of published ids whose identifier order is `identifiers` (id -> its
    identifier's rank)."""
    order = array("I", identifiers)
    position = array("I", bytes(4 * (max(identifiers) + 1)))
    for place, pk in enumerate(identifiers):
        position[pk] = place
    return FacetIndex(all=bitset(identifiers), order=order, position=position)


def plan_nodes(node):
    """A JSON plan's node and every node under it."""
    yield node
    for child in node.get("Plans", ()):
        yield from plan_nodes(child)


class OrderedMatchesTests(SimpleTestCase):
    """Pure: no query."""

    # Ids 1..40 whose identifiers sort in this (shuffled) order.
    ORDER = [17, 3, 29, 8, 40, 1, 22, 35, 11, 6, 38, 14, 27, 2, 19, 33, 9, 25, 4, 31]
    ORDER += [12, 36, 7, 21, 39, 15, 28, 5, 34, 18, 10, 24, 37, 13, 30, 20, 26, 16, 32, 23]

    def expected(self, groups, descending=False):
        by_identifier = {pk: place for place, pk in enumerate(self.ORDER)}
        return [
            pk
            for group in groups
            for pk in sorted(group, key=by_identifier.__getitem__, reverse=descending)
        ]

    def test_each_group_in_identifier_order_whether_listed_or_walked(self):
        index = index_of(self.ORDER)
        groups = [[5, 30, 2], list(range(1, 41, 3)), [7], [40, 39, 38, 37]]
        for descending in (False, True):
            for walked in (set(), {1}, {0, 1, 2, 3}):
                with self.subTest(descending=descending, walked=walked):
                    given = [
                        bitset(group) if n in walked else list(group)
                        for n, group in enumerate(groups)
                    ]
                    ordered = OrderedMatches(index, given, descending=descending)
                    expected = self.expected(groups, descending)
                    self.assertEqual(len(ordered), len(expected))
                    self.assertEqual(ordered[0:3], expected[0:3])  # read as far as needed
                    self.assertEqual(ordered[5:9], expected[5:9])
                    self.assertEqual(ordered[-1], expected[-1])
                    self.assertEqual(ordered[4], expected[4])
                    self.assertEqual(ordered[::-2], expected[::-2])
                    self.assertEqual(ordered[100:], [])
                    self.assertEqual(list(ordered), expected)

    def test_a_page_of_a_large_group_walks_only_as_far_as_it_needs(self):
        index = index_of(self.ORDER)
        ordered = OrderedMatches(index, [bitset(range(1, 41))])
        self.assertEqual(ordered[0:2], [17, 3])
        self.assertEqual(len(ordered.done), 2)

    def test_out_of_range_and_empty(self):
        ordered = OrderedMatches(index_of(self.ORDER), [])
        self.assertEqual(len(ordered), 0)
        self.assertEqual(ordered[0:25], [])
        with self.assertRaises(IndexError):
            ordered[0]


def copy_differences():
    """The commitments whose copy differs from their own vectors, and the copies of no
    commitment, on PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.identifier FROM commitments_commitment c
            LEFT JOIN commitments_commitmentsearch s ON s.commitment_id = c.id
            WHERE s.commitment_id IS NULL
               OR s.document IS DISTINCT FROM c.search_document
               OR s.title_vector IS DISTINCT FROM c.search_title_vector
            UNION ALL
            SELECT 'orphan ' || s.commitment_id FROM commitments_commitmentsearch s
            WHERE NOT EXISTS (SELECT 1 FROM commitments_commitment c WHERE c.id = s.commitment_id)
            """
        )
        return sorted(found for (found,) in cursor.fetchall())


def copy_versions():
    """Each copy row's version (its xmin): it changes when the row is written."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT commitment_id, xmin::text FROM commitments_commitmentsearch")
        return dict(cursor.fetchall())


@pytest.mark.django_db
def test_sqlite_keeps_no_copy():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite only")
    f.make_commitment(title="Open budget")
    assert Commitment.objects.count() == 1
    assert not CommitmentSearch.objects.exists()  # the search reads the commitment itself


class CopyInSyncTests(TestCase):
    """Every write path keeps the copy equal to the commitments' generated vectors."""

    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only: the copy is kept by triggers")
        self.plan = f.make_action_plan(f.make_member(name="Chile"))
        self.commitment = f.make_commitment(self.plan, title="Open budget")

    def assert_in_sync(self):
        self.assertEqual(copy_differences(), [])
        self.assertEqual(CommitmentSearch.objects.count(), Commitment.objects.count())

    def test_a_saved_commitment_has_its_copy(self):
        self.assert_in_sync()
        copy = CommitmentSearch.objects.get(commitment=self.commitment)
        self.assertIn("budget", copy.document)

    def test_an_edit_by_save_rewrites_the_copy(self):
        self.commitment.title = "Whistleblower protection"
        self.commitment.description_fr = "Les lanceurs d'alerte."
        self.commitment.save()
        self.assert_in_sync()
        self.assertIn("whistleblow", CommitmentSearch.objects.get().title_vector)

    def test_updates_of_translations_and_institutions_in_bulk(self):
        others = [f.make_commitment(self.plan) for _ in range(3)]
        Commitment.objects.filter(pk=others[0].pk).update(title_es="Participación ciudadana")
        others[1].short_title_fr = "Budget participatif"
        others[2].lead_institution = "Ministerio de Hacienda"
        Commitment.objects.bulk_update(others[1:], ["short_title_fr", "lead_institution"])
        self.assert_in_sync()
        for text, expected in (("ciudadana", others[0]), ("hacienda", others[2])):
            filterset = CommitmentFilter(QueryDict(f"q={text}"))
            self.assertTrue(filterset.is_valid(), filterset.errors)
            self.assertEqual(list(matches(filterset).ids), [expected.pk])  # read in the copy

    def test_an_update_that_leaves_the_vectors_leaves_the_copy(self):
        f.make_assessment(self.commitment, completion="limited")  # new IRM values to refresh
        before = copy_versions()
        Commitment.objects.update(source_url="https://example.org/commitment")  # not searched
        refresh_all_findings()
        self.commitment.refresh_from_db()
        self.assertEqual(self.commitment.irm_completion, "limited")  # the refresh wrote rows
        self.assertEqual(copy_versions(), before)
        self.assert_in_sync()

    def test_bulk_create_and_deletes(self):
        Commitment.objects.bulk_create(
            [
                Commitment(action_plan=self.plan, identifier=f"CL{n:04d}", title=f"Budget {n}")
                for n in range(2, 6)
            ]
        )
        self.assert_in_sync()
        self.assertEqual(CommitmentSearch.objects.count(), 5)
        Commitment.objects.get(identifier="CL0002").delete()
        self.assert_in_sync()
        self.plan.delete()  # its commitments with it, through Django's collector
        self.assertEqual(CommitmentSearch.objects.count(), 0)
        self.assert_in_sync()

    def test_an_import_creates_and_edits_copies(self):
        def run(rows):
            result = plan_import(read_spreadsheet(csv_bytes(rows)), None)
            self.assertFalse(result.errors, [r.errors for r in result.errors])
            apply_import(result, user=None, reason="Import #1")

        run([row(), row(identifier="SEO0002", number="2", title="Open contracting")])
        self.assert_in_sync()
        run([row(title="Lobbying register"), row(identifier="SEO0002", number="2")])
        self.assert_in_sync()
        copy = CommitmentSearch.objects.get(commitment__identifier="SEO0001")
        self.assertIn("lobbi", copy.title_vector)

    def test_the_explorer_search_reads_the_copy(self):
        f.make_commitment(self.plan, title="Budget transparency")
        filterset = CommitmentFilter(QueryDict("q=budget"))
        self.assertTrue(filterset.is_valid(), filterset.errors)
        with CaptureQueriesContext(connection) as queries:
            found = matches(filterset)
        self.assertEqual(len(list(found.ids)), 2)
        searches = [q["sql"] for q in queries if "@@" in q["sql"]]
        self.assertEqual(len(searches), 1, searches)
        self.assertIn('"commitments_commitmentsearch"', searches[0])
        self.assertNotIn('"commitments_commitment"', searches[0])

    def bulk_budget(self):
        prefix = self.plan.member.slug[:3].upper()
        Commitment.objects.bulk_create(
            Commitment(
                action_plan=self.plan,
                identifier=f"{prefix}{n:05d}",
                title=f"Budget transparency {n}",
                published=True,
            )
            for n in range(1, 3001)
        )

    def expected_matches(self, sql):
        """How many rows the planner expects the nodes that keep a search's matches to keep."""
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            (plan,) = cursor.fetchone()
        keys = ("Filter", "Join Filter", "Recheck Cond", "Index Cond")
        matching = [
            node["Plan Rows"]
            for node in plan_nodes(plan[0]["Plan"])
            if any("@@" in node.get(key, "") for key in keys)
        ]
        self.assertTrue(matching, plan)
        return max(matching)

    def test_the_sqls_search_is_not_estimated_from_the_words_frequency(self):
        # The explorer's SQL path (a sort by title: the FilterSet's query, not the copy): the
        # query must not be estimated as matching every commitment, or the planner reads them
        # all to test it (a sequential scan, 88 ms instead of 51 at 10x with an OGP value).
        self.bulk_budget()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE commitments_commitment")
        filterset = CommitmentFilter(QueryDict("q=budget&sort=title"))
        self.assertTrue(filterset.is_valid(), filterset.errors)
        self.assertEqual(filterset.qs.count(), 3001)
        sql, params = filterset.qs.query.sql_with_params()
        with connection.cursor() as cursor:
            sql = cursor.mogrify(sql, params)
        self.assertLess(self.expected_matches(sql), 300)

    def test_the_copy_is_searched_through_its_index_however_common_the_word(self):
        # "budget" in every commitment. Read as a constant, the query (the word's form in each
        # language, OR-ed) is estimated from the word's statistics to match them all, and at
        # 10x data the planner read every document with a sequential scan (44 ms, not 17):
        # the query must reach the planner as a value it does not read, which the GIN index
        # answers.
        self.bulk_budget()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE commitments_commitmentsearch")
        with CaptureQueriesContext(connection) as queries:
            groups = match_groups("budget", ranked=True, using="default")
        self.assertEqual(sum(len(ids) for _rank, ids in groups), 3001)  # and "Open budget"
        sql = queries[-1]["sql"]
        self.assertLess(self.expected_matches(sql), 300)  # not from "budget"'s frequency
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small is read whole
            cursor.execute("EXPLAIN " + sql)
            indexed = "\n".join(line for (line,) in cursor.fetchall())
        self.assertIn("Bitmap Index Scan on commitments_commitmentsearch_document", indexed)
