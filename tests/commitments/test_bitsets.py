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
