"""Staff rich text is sanitised before it is shown (ogp.security.sanitize_html, |rich_text)."""

import pytest
from django.template import Context, Template
from django.test import SimpleTestCase

from ogp.security import clean_rich_text, rich_text, sanitize_html


class SanitizeTests(SimpleTestCase):
    def test_script_tags_go_with_their_content(self):
        cleaned = sanitize_html("<p>Open data</p><script>alert('x')</script>")
        self.assertEqual(cleaned, "<p>Open data</p>")

    def test_style_and_iframes_go(self):
        cleaned = sanitize_html(
            '<style>body{display:none}</style><iframe src="https://evil.example"></iframe>ok'
        )
        self.assertEqual(cleaned, "ok")

    def test_event_handler_and_style_attributes_go(self):
        cleaned = sanitize_html(
            '<p onclick="steal()" style="color:red">Hi <strong onmouseover="x()">there</strong>'
            '<img src=x onerror="alert(1)"></p>'
        )
        self.assertEqual(cleaned, "<p>Hi <strong>there</strong></p>")
        self.assertNotIn("on", cleaned.replace("<strong>", "").replace("</strong>", ""))

    def test_javascript_and_data_links_lose_their_href(self):
        for href in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:x",
            "data:text/html,x",
        ]:
            with self.subTest(href=href):
                cleaned = sanitize_html(f'<a href="{href}">click</a>')
                self.assertNotIn("href", cleaned)
                self.assertIn("click", cleaned)

    def test_links_get_rel_noopener_noreferrer(self):
        cleaned = sanitize_html(
            '<a href="https://www.opengovpartnership.org/" target="_blank">OGP</a>'
        )
        self.assertEqual(
            cleaned,
            '<a href="https://www.opengovpartnership.org/" rel="noopener noreferrer">OGP</a>',
        )

    def test_the_allowed_tags_stay(self):
        html = (
            "<h3>Goal</h3><h4>Why</h4><p>One<br>two</p><ul><li><em>a</em></li></ul>"
            "<ol><li>b</li></ol><blockquote>quote</blockquote>"
        )
        self.assertEqual(sanitize_html(html), html)

    def test_other_tags_are_dropped_but_their_text_kept(self):
        self.assertEqual(
            sanitize_html('<div class="x"><span>Seoul</span> <font>city</font></div>'),
            "Seoul city",
        )

    def test_comments_and_unclosed_tags(self):
        self.assertEqual(sanitize_html("<!-- secret --><p>text"), "<p>text</p>")


class RichTextTests(SimpleTestCase):
    def render(self, value):
        return Template("{% load ogp_tags %}{{ value|rich_text }}").render(
            Context({"value": value})
        )

    def test_plain_text_becomes_escaped_paragraphs(self):
        self.assertEqual(
            self.render("First line\nsecond line\n\nA < B & C"),
            "<p>First line<br>second line</p>\n\n<p>A &lt; B &amp; C</p>",
        )

    def test_html_is_sanitised(self):
        self.assertEqual(
            self.render('<p>Fine</p><script>alert(1)</script><a href="javascript:x">y</a>'),
            '<p>Fine</p><a rel="noopener noreferrer">y</a>',
        )

    def test_empty_values(self):
        for value in [None, "", "   "]:
            with self.subTest(value=value):
                self.assertEqual(self.render(value), "")

    def test_entities_alone_count_as_html(self):
        self.assertEqual(rich_text("caf&eacute; &amp; bar"), "café &amp; bar")


class CleanRichTextTests(SimpleTestCase):
    """What the API, the bulk files and the exports publish (ogp.security.clean_rich_text)."""

    def test_html_is_what_the_pages_show(self):
        html = '<p onclick="x()">Fine</p><script>alert(1)</script>'
        self.assertEqual(clean_rich_text(html), "<p>Fine</p>")
        self.assertEqual(clean_rich_text(html), str(rich_text(html)))

    def test_plain_text_and_empty_values_are_unchanged(self):
        for value in [None, "", "A < B & C\n\nsecond"]:
            with self.subTest(value=value):
                self.assertEqual(clean_rich_text(value), value)


@pytest.mark.django_db
def test_the_public_pages_show_staff_html_sanitised(client):
    from tests.factories import make_action_plan, make_commitment, make_member

    member = make_member(summary="<p>Plan <strong>summary</strong></p><script>alert(1)</script>")
    plan = make_action_plan(member, summary='<a href="javascript:alert(2)">x</a>')
    commitment = make_commitment(plan, description='<p onclick="steal()">Open <em>data</em></p>')
    profile = client.get(member.get_absolute_url()).content.decode()
    assert "<strong>summary</strong>" in profile
    assert "<script>" not in profile and "alert(1)" not in profile
    plan_page = client.get(plan.get_absolute_url()).content.decode()
    assert "javascript:" not in plan_page
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "<em>data</em>" in page
    assert "onclick" not in page
