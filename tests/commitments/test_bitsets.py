"""The facet index's bitsets: ids in, the same ids out, in ascending order."""

from django.test import SimpleTestCase

from commitments.facets import bitset, ids_of


class BitsetTests(SimpleTestCase):
    def test_ids_round_trip(self):
        cases = [[], [0], [7], [8], [0, 1, 2, 3, 4, 5, 6, 7], [9, 3, 64, 63, 8, 3], [70_001, 5]]
        cases.append(list(range(0, 600, 7)))  # each place in a byte
        for ids in cases:
            with self.subTest(ids=ids[:8]):
                self.assertEqual(ids_of(bitset(ids)), sorted(set(ids)))

    def test_no_bits(self):
        self.assertEqual(ids_of(0), [])


def test_the_facet_index_cache_key_names_its_shape():
    # A shared cache may hold the index the last release built: a change of its fields must
    # change FACET_INDEX_SHAPE, which its key carries. When this fails, add one to it and
    # record the fields here.
    from dataclasses import fields

    from commitments.facets import FACET_INDEX_SHAPE, FacetIndex

    shapes = {
        3: [
            *("all", "kind", "region", "area", "finding", "year", "counted", "plan", "order"),
            "position",
        ],
    }
    assert [field.name for field in fields(FacetIndex)] == shapes[FACET_INDEX_SHAPE]
