"""The fast select widgets write the same markup Django's own would, only in one pass."""
from crispy_forms.utils import render_crispy_form
from django import forms
from django.test import SimpleTestCase
from django.test.html import parse_html

from common.widgets import FastSelect, FastSelectMultiple, Picker, PickerMultiple, SharedOptions, use_widget

CHOICES = [("", "---------"), ("1", 'Tom & "Jerry" <b>'), ("2", "Twee")]
GROUPED = [("Sociaal", [("1", "Wijkteam"), ("2", "Gemeente")]), ("Veiligheid", [("3", "Politie")])]


class FastSelectTests(SimpleTestCase):
    def test_a_single_select_matches_djangos_own(self):
        for value in (None, "", "2"):
            self.assertHTMLEqual(FastSelect(choices=CHOICES).render("x", value, {"id": "id_x"}),
                                 forms.Select(choices=CHOICES).render("x", value, {"id": "id_x"}))

    def test_a_multiple_select_marks_every_chosen_value_and_groups(self):
        fast = FastSelectMultiple(choices=GROUPED).render("x", ["1", "3"], {"id": "id_x"})
        self.assertHTMLEqual(fast, forms.SelectMultiple(choices=GROUPED).render("x", ["1", "3"], {"id": "id_x"}))

    def test_labels_and_values_are_escaped(self):
        html = FastSelect(choices=[('"><script>', "<script>alert(1)</script>")]).render("x", None)
        self.assertNotIn("<script>", html)

    def test_the_picker_brings_its_script_and_texts(self):
        html = PickerMultiple(choices=CHOICES).render("x", [])
        self.assertIn("data-picker", html)
        self.assertIn("data-picker-no-results", html)
        media = str(Picker().media)
        self.assertIn("vendor/tom-select/js/tom-select.popular.min.js", media)
        self.assertIn("js/picker.js", media)
        self.assertIn("css/picker.css", media)

    def test_a_built_field_keeps_its_choices_and_attributes_on_a_new_widget(self):
        field = forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs={"class": "x"}), required=False)
        use_widget(field, Picker)
        html = field.widget.render("x", "2")
        self.assertIn('class="x"', html)
        self.assertIn('<option value="2" selected>Twee</option>', html)

    def test_selects_sharing_their_options_each_mark_their_own_choice(self):
        shared = SharedOptions(CHOICES)
        chair, secretary = FastSelect(), FastSelect()
        chair.choices = secretary.choices = shared
        for widget, value in ((chair, "1"), (secretary, "2"), (chair, None)):
            self.assertHTMLEqual(widget.render("x", value, {"id": "id_x"}),
                                 forms.Select(choices=CHOICES).render("x", value, {"id": "id_x"}))


class Groups(forms.Form):
    themes = forms.MultipleChoiceField(choices=[("1", "Huisverbod"), ("2", 'Tom & "Jerry"')],
                                       widget=forms.CheckboxSelectMultiple, help_text="Pick all that apply.")
    level = forms.ChoiceField(choices=[("a", "Bestuurlijk"), ("b", "Ambtelijk")], widget=forms.RadioSelect)


class ChoiceInputTests(SimpleTestCase):
    """Checkbox and radio groups are written in one pass (templates/bootstrap5/layout/radio_checkbox_select.html)."""

    def test_each_option_is_a_labelled_bootstrap_check_with_its_state(self):
        html = render_crispy_form(Groups(initial={"themes": ["2"], "level": "b"}))
        self.assertInHTML('<div class="form-check"><input type="checkbox" class="form-check-input" name="themes" '
                          'value="2" id="id_themes_1" checked><label for="id_themes_1" class="form-check-label">'
                          'Tom &amp; &quot;Jerry&quot;</label></div>', html)
        self.assertInHTML('<input type="radio" class="form-check-input" name="level" value="b" id="id_level_1" '
                          'required checked>', html)
        self.assertIn("Pick all that apply.", html)

    def test_the_error_sits_after_the_last_invalid_option_where_bootstrap_shows_it(self):
        form = Groups(data={})
        self.assertFalse(form.is_valid())
        document = parse_html(render_crispy_form(form))
        last = [node for node in _walk(document) if getattr(node, "name", "") == "div"
                and ("class", "form-check") in node.attributes]
        self.assertEqual(len(last), 4)
        inputs = [child for child in last[1].children if getattr(child, "name", "") == "input"]
        self.assertIn("is-invalid", dict(inputs[0].attributes)["class"])
        self.assertIn("invalid-feedback", str(last[1]))
        self.assertNotIn("invalid-feedback", str(last[0]))


def _walk(node):
    for child in getattr(node, "children", []):
        yield child
        yield from _walk(child)
