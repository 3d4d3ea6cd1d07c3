"""The role matrix that every app's tests extend: the demo's people in a fixed order, and pages with
the status each of them should get. An app's test module declares its pages and parametrizes one
test over `cases(PAGES)`; the `open_as` fixture (conftest.py) opens a page as one of them.
`cases` adds someone not logged in to every page (sent to the login page, unless the page says
otherwise), and tests/test_role_matrix_complete.py fails when a page of the site is in no matrix."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

# The demo's people (governance/demo.py), in the order every `statuses` list follows.
USERS = ("projectleider", "wethouder", "beleidsmedewerker", "teammanager", "beheerder", "zeeland-projectleider")
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Page:
    url: Callable[[], str]  # built when the test runs, so it can name demo rows
    statuses: Sequence[int]  # what each of `users` gets, in order
    method: str = "get"
    anonymous: int = 302  # what someone not logged in gets: the way to the login page


def cases(pages: dict[str, Page], users: Sequence[str] = USERS) -> list[tuple[str, str, int]]:
    """(page, user, expected status) for every page and user, and for someone not logged in (`ANONYMOUS`,
    with `page.anonymous`) unless `users` names them with the others."""
    for name, page in pages.items():
        if len(page.statuses) != len(users):
            raise ValueError(f"{name}: {len(page.statuses)} statuses for {len(users)} users")
    listed = [(name, user, page.statuses[i]) for name, page in pages.items() for i, user in enumerate(users)]
    if ANONYMOUS in users:
        return listed
    return listed + [(name, ANONYMOUS, page.anonymous) for name, page in pages.items()]
