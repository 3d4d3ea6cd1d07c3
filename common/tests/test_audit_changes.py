"""The history page's list of changes: escaped, the old value only when there was one."""
from django.template import Context, Template

from common.audit import Change


def _render(changes) -> str:
    return Template("{% load audit_changes %}{% audit_changes changes %}").render(Context({"changes": changes}))


def test_changes_are_listed_with_old_and_new_values_escaped():
    html = _render([Change("Name", "<b>old</b>", "new & better"), Change("Level", "", "Administrative")])
    assert html == ('<ul class="list-unstyled mb-0 small">'
                    "<li><strong>Name</strong>: &lt;b&gt;old&lt;/b&gt; → new &amp; better</li>"
                    "<li><strong>Level</strong>: Administrative</li></ul>")


def test_no_changes_no_list():
    assert _render([]) == ""
