"""`{% section %}`: a titled part of a page, labelled by its own heading."""

from django.template import Context, Template
from django.test import SimpleTestCase


def render(source, **context):
    return Template("{% load ogp_tags %}" + source).render(Context(context))


class SectionTagTests(SimpleTestCase):
    def test_a_section_is_labelled_by_its_heading(self):
        html = render(
            '{% section "contacts" title %}<p>Jihyun Kim</p>{% endsection %}', title="Contacts"
        )
        self.assertHTMLEqual(
            html,
            '<section id="contacts" class="section" aria-labelledby="contacts-title">'
            '<h2 id="contacts-title">Contacts</h2><p>Jihyun Kim</p></section>',
        )

    def test_level_3_is_a_subsection(self):
        html = render('{% section "starred" "Stars" level=3 %}{% endsection %}')
        self.assertHTMLEqual(
            html,
            '<section id="starred" class="subsection" aria-labelledby="starred-title">'
            '<h3 id="starred-title">Stars</h3></section>',
        )

    def test_the_title_is_escaped_and_the_content_is_not(self):
        html = render('{% section "x" title %}<em>kept</em>{% endsection %}', title="<b>Q&A</b>")
        self.assertIn("&lt;b&gt;Q&amp;A&lt;/b&gt;</h2><em>kept</em>", html)
