"""Escaping for markup written in one pass (long option lists, pictures, generated table rows).

Django's `escape` is wrapped to keep lazy strings lazy, which costs more than the escaping itself
when a page writes thousands of names; this one calls `html.escape` directly. Text that is already
markup (it has `__html__`, like Django's safe strings) is taken as it is, as `conditional_escape` does.
"""
from __future__ import annotations

import html


def escape(text) -> str:
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))
