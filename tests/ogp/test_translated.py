"""ogp.translated's Label: a name that knows the language of its text, marked where the markup
allows it."""

import pickle

from django.test import SimpleTestCase

from ogp.translated import Label, LanguageSelect, label_in, marked


class LabelTests(SimpleTestCase):
    def test_a_label_is_its_text(self):
        label = Label("Open Data", "en")
        self.assertEqual(label, "Open Data")
        self.assertEqual(sorted([Label("b"), "a"]), ["a", "b"])
        self.assertEqual(label.lang, "en")

    def test_it_keeps_its_language_in_the_cache(self):
        label = pickle.loads(pickle.dumps(label_in("%(area)s (todas)", "area", Label("J", "en"))))
        self.assertIsInstance(label, Label)
        self.assertEqual(
            (str(label), label.html), ("J (todas)", '<span lang="en">J</span> (todas)')
        )

    def test_marked_escapes_and_marks_only_another_language(self):
        self.assertEqual(marked(Label("<Data>", "en")), '<span lang="en">&lt;Data&gt;</span>')
        self.assertEqual(marked(Label("Datos & más")), "Datos &amp; más")
        self.assertEqual(marked("Justice", "en"), '<span lang="en">Justice</span>')
        self.assertEqual(marked("Justicia", ""), "Justicia")

    def test_a_name_inside_a_message_is_marked_alone(self):
        label = label_in("«%(area)s» (l'ensemble)", "area", Label("A&B", "en"))
        self.assertEqual(str(label), "«A&B» (l'ensemble)")
        self.assertEqual(label.lang, "")  # the whole is in two languages: no option can say so
        self.assertEqual(label.html, '«<span lang="en">A&amp;B</span>» (l&#x27;ensemble)')
        self.assertIsNone(label_in("%(area)s (todas)", "area", Label("Justicia")).html)

    def test_an_option_in_another_language_says_so(self):
        html = LanguageSelect(choices=[("a", Label("Open Data", "en")), ("b", "Datos")]).render(
            "area", "b"
        )
        self.assertInHTML('<option value="a" lang="en">Open Data</option>', html)
        self.assertInHTML('<option value="b" selected>Datos</option>', html)
