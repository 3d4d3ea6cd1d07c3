"""The fast select widgets write the same markup Django's own would, only in one pass."""
from django import forms
from django.test import SimpleTestCase

from common.widgets import FastSelect, FastSelectMultiple, Picker, PickerMultiple, use_widget

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
