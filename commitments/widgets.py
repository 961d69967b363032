"""The explorer's form widgets."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ogp import translated


class CheckboxList(forms.CheckboxSelectMultiple):
    """Django's CheckboxSelectMultiple drawn in Python, each box inside its label (no id, no
    `for` and no <div> per box; the stylesheet shows each label as a line): the explorer shows
    over a hundred boxes, which the template-per-box rendering took about 15 ms to draw, and
    that markup was a tenth of the page. A label in another language than the page's (an
    `ogp.translated.Label`: the English fallback of a name) is marked `lang`."""

    def render(self, name, value, attrs=None, renderer=None):
        base_id = self.build_attrs(self.attrs, attrs).get("id")
        chosen = {str(item) for item in value or []}

        def box(choice, label):
            checked = mark_safe(" checked") if str(choice) in chosen else ""
            return format_html(
                '<label><input type="checkbox" name="{}" value="{}"{}> {}</label>',
                name,
                choice,
                checked,
                translated.marked(label),
            )

        parts = []
        for choice, label in self.choices:
            if isinstance(label, (list, tuple)):  # a group: (group label, [(value, label), ...])
                boxes = (box(v, lbl) for v, lbl in label)
                parts.append(
                    format_html(
                        '<div class="choice-group"><span class="choice-group-label">{}</span>{}'
                        "</div>",
                        translated.marked(choice),
                        mark_safe("".join(boxes)),
                    )
                )
            else:
                parts.append(box(choice, label))
        opening = format_html('<div id="{}">', base_id) if base_id else mark_safe("<div>")
        return mark_safe(opening + "".join(parts) + "</div>")


class MemberSearch(forms.TextInput):
    """The member filter: a text field for a name (or slug), with the members already chosen
    as ticked boxes before it, so the form keeps them and a box can be unticked. Several values
    (member=…&member=…) are read as a list. static/js/explorer.js makes the text field an
    autocomplete (the ARIA combobox pattern) fed by `data-suggest`; without the script it is a
    plain text field the server matches to a member."""

    names = {}  # slug -> name of the published members, set by the field
    resolve = staticmethod(lambda text: None)  # text -> the slug it names or None, ditto

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            return data.getlist(name)
        value = data.get(name)
        return value if isinstance(value, (list, tuple)) else [value] if value else []

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def format_value(self, value):
        return ""  # the text field is for one more member; the chosen ones are the boxes

    def render(self, name, value, attrs=None, renderer=None):
        from django.urls import reverse

        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.get("id") or name
        values = value if isinstance(value, (list, tuple)) else [value] if value else []
        chosen_values = {}  # what each box sends -> its label: a slug and its name if known
        for text in (str(v).strip() for v in values if v):
            slug = self.resolve(text) if text else None
            if slug:
                chosen_values.setdefault(slug, self.names.get(slug, slug))
            elif text:
                chosen_values.setdefault(text, text)
        boxes = []
        for index, (text, label) in enumerate(chosen_values.items()):
            box_id = f"{base_id}_chosen_{index}"
            boxes.append(
                format_html(
                    '<li><input type="checkbox" name="{}" value="{}" id="{}" checked> '
                    '<label for="{}">{}</label></li>',
                    name,
                    text,
                    box_id,
                    box_id,
                    label,
                )
            )
        chosen = (
            format_html('<ul class="member-chosen">{}</ul>', mark_safe("".join(boxes)))
            if boxes
            else ""
        )
        attrs.update(
            {
                "autocomplete": "off",
                "spellcheck": "false",
                "data-suggest": reverse("commitments:member-suggestions"),
                "data-none": gettext("No member's name holds this text."),
            }
        )
        field = super().render(name, None, attrs, renderer)
        return format_html('<div class="member-search">{}{}</div>', chosen, field)
