"""Every data table on a screen page sits in a scroll box named after its caption (WCAG 2.1 SC 1.4.10).

The browser journeys measure reflow only on the pages they visit; this test also covers tables that
are empty in the demo data or on pages no journey opens."""
import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# PDF pages are printed, not reflowed.
EXCLUDED = {"pdf"}
# An id may be written with a template variable, for tables drawn in a loop ("caption-{{ table.kind }}").
BOX = re.compile(r'<div class="table-scroll[^"]*" role="region" tabindex="0" aria-labelledby="([\w{}. -]+)">\s*$')
CAPTION_ID = re.compile(r'<caption id="([\w{}. -]+)"')


def _screen_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name not in EXCLUDED and name.split("/")[0] not in EXCLUDED and "<table" in path.read_text():
            yield name


@pytest.mark.parametrize("name", list(_screen_templates()))
def test_table_is_in_a_named_scroll_box(name):
    text = (TEMPLATES / name).read_text()
    for table in re.finditer(r"<table\b", text):
        box = BOX.search(text[: table.start()].rstrip(" "))
        assert box, f"{name}: a <table> without a .table-scroll box right before it"
        caption = CAPTION_ID.search(text, table.start())
        assert caption and caption.group(1) == box.group(1), f"{name}: the box must be labelled by the table's caption"
