"""Text a spreadsheet would run as a formula is guarded in every CSV the site writes
(ogp.security.guard_formula), and the import takes the guard off again (unguard_formula)."""

import datetime

from django.test import SimpleTestCase

from ogp.security import guard_formula, unguard_formula
from tests.security.hostile import HOSTILE


class GuardTests(SimpleTestCase):
    def test_text_starting_like_a_formula_gets_a_quote(self):
        for text in [*HOSTILE.values(), "-2+3", "\t=1", "\r=1", "=", "+", "-", "@"]:
            with self.subTest(text=text):
                self.assertEqual(guard_formula(text), "'" + text)

    def test_other_text_and_other_values_are_unchanged(self):
        for value in ["Open data", "", " =1", "1-2", "a=b", "'quoted'", "€5", None, 0, -3, 2.5]:
            with self.subTest(value=value):
                self.assertEqual(guard_formula(value), value)
        self.assertIs(guard_formula(True), True)
        day = datetime.date(2020, 1, 31)
        self.assertEqual(guard_formula(day), day)

    def test_unguard_undoes_exactly_the_guard(self):
        texts = [*HOSTILE.values(), "Open data", "", "'", "'=1", "''=1", "'-", "'abc", "''"]
        for text in texts:
            with self.subTest(text=text):
                self.assertEqual(unguard_formula(guard_formula(text)), text)
        # A quote the guard did not add stays.
        self.assertEqual(unguard_formula("'abc"), "'abc")
        self.assertEqual(unguard_formula("'=1"), "=1")
        self.assertEqual(guard_formula("'=1"), "''=1")  # so that "'=1" comes back as itself
