"""The power/interest grid as an SVG chart: where each cell, marker and tick goes in a 5x5 field.

Plain geometry from data already read: `selectors.people.power_interest_grid` reads the people (scoped
to the user) and builds its chart here, so the page and any print of the grid draw the same figure."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..models import Stakeholder


@dataclass(frozen=True)
class GridPoint:
    number: int
    stakeholder: Stakeholder
    influence: int
    interest: int
    x: int
    y: int


@dataclass(frozen=True)
class GridCell:
    """How many of the people on the grid share one cell (influence, interest)."""

    influence: int
    interest: int
    count: int
    x: int
    y: int


@dataclass(frozen=True)
class PowerInterestGrid:
    """The power/interest grid: everyone with a current assessment, placed in a 5x5 field.

    With up to GRID_MARKERS people (or one chosen cell) each person is a numbered marker, and people in
    the same cell are fanned out so that no two markers cover each other. With more, `points` is empty
    and each cell shows its count; `people` then lists the most influential, up to GRID_MARKERS
    (the selector's limit, in `selectors/people.py`)."""

    points: list[GridPoint]
    cells: list[GridCell]
    people: list[Stakeholder]
    total: int
    shown_total: int
    unassessed: list[str]
    unassessed_count: int
    cell: tuple[int, int] | None = None
    size: int = 500
    margin: int = 60

    @property
    def summarised(self) -> bool:
        return not self.points and self.total > 0

    @property
    def truncated(self) -> bool:
        """Some of the people asked for are left out of `people` (and off the grid)."""
        return len(self.people) < self.shown_total

    @property
    def inner(self) -> int:
        return self.size - 2 * self.margin

    @property
    def far(self) -> int:
        return self.size - self.margin

    @property
    def mid(self) -> int:
        return self.size // 2

    @property
    def cell_size(self) -> float:
        return (self.size - 2 * self.margin) / 5

    @property
    def ticks(self) -> list[tuple[int, int]]:
        # Whole numbers: templates would print decimals with a Dutch comma, which SVG cannot read.
        return [(value, round(self.margin + (value - 0.5) * self.cell_size)) for value in range(1, 6)]

    @property
    def ticks_y(self) -> list[tuple[int, int]]:
        return [(value, round(self.size - self.margin - (value - 0.5) * self.cell_size)) for value in range(1, 6)]

    @property
    def chosen_box(self) -> tuple[int, int, int] | None:
        """x, y and side of the chosen cell's square, to outline it."""
        if self.cell is None:
            return None
        influence, interest = self.cell
        side = round(self.cell_size)
        return round(self.margin + (interest - 1) * self.cell_size), round(self.far - influence * self.cell_size), side


def power_interest_chart(*, people: list[Stakeholder], counts: dict[tuple[int, int], int], total: int,
                         unassessed: list[str], unassessed_count: int, cell: tuple[int, int] | None,
                         detailed: bool) -> PowerInterestGrid:
    """The chart of `people` (each with `influence` and `interest` set) and of `counts`, the number of
    people per cell (influence, interest): numbered markers if `detailed`, else a count per cell."""
    size, margin = PowerInterestGrid.size, PowerInterestGrid.margin
    step_size = (size - 2 * margin) / 5

    def centre(influence: int, interest: int) -> tuple[float, float]:
        return margin + (interest - 0.5) * step_size, size - margin - (influence - 0.5) * step_size

    cells = [GridCell(influence=influence, interest=interest, count=count,
                      x=round(centre(influence, interest)[0]), y=round(centre(influence, interest)[1]))
             for (influence, interest), count in sorted(counts.items(), reverse=True)]
    return PowerInterestGrid(
        points=_fanned(people, centre, step_size) if detailed else [], cells=cells, people=people, total=total,
        shown_total=counts.get(cell, 0) if cell else total,
        unassessed=unassessed, unassessed_count=unassessed_count, cell=cell,
    )


def _fanned(people: list[Stakeholder], centre, cell: float) -> list[GridPoint]:
    """Numbered markers; people in the same cell in a square fan that always fits inside the cell."""
    by_cell: dict[tuple[int, int], int] = {}
    place_in_cell = []
    for person in people:
        key = (person.interest, person.influence)
        place_in_cell.append(by_cell.get(key, 0))
        by_cell[key] = place_in_cell[-1] + 1
    points = []
    for number, (person, index) in enumerate(zip(people, place_in_cell, strict=True), start=1):
        count = by_cell[(person.interest, person.influence)]
        columns = math.ceil(math.sqrt(count))
        step = min(cell / 4, (cell - 20) / columns)
        dx = ((index % columns) - (columns - 1) / 2) * step
        dy = ((index // columns) - ((count - 1) // columns) / 2) * step
        x, y = centre(person.influence, person.interest)
        points.append(GridPoint(number=number, stakeholder=person, influence=person.influence,
                                interest=person.interest, x=round(x + dx), y=round(y + dy)))
    return points
