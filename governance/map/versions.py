"""Pictures kept per process while their data stays the same.

`data_version()` sums up, in one query, every row a picture is made of; a picture is filed under it
(`Kept`) and reused until the version changes. The version is read before the data, so a picture is
never filed under a version newer than itself."""
from __future__ import annotations

import threading
from collections import OrderedDict

from django.db import connection, models

from ..models import Region


class Kept:
    """The last few pictures of this process, by key: a bounded LRU without pickling (Django's local
    memory cache pickles every value, and unpickling a large region's picture cost more than half of
    computing it). Pictures are not changed after they are made, so sharing them is safe."""

    def __init__(self, size: int) -> None:
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


def _stamp(column: str) -> str | None:
    """A timestamp column as an integer (exact to sum), or None on a database this does not know."""
    if connection.vendor == "sqlite":
        return f"CAST(julianday({column}) * 86400000 AS INTEGER)"  # milliseconds, SQLite's own precision
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(EPOCH FROM {column}) * 1000000 AS BIGINT)"
    return None


def data_version(region: Region, *, owned: tuple[type[models.Model], ...] = (), links: tuple = (),
                 children: tuple[tuple[type[models.Model], str, type[models.Model]], ...] = (),
                 subregions: bool = False) -> tuple | None:
    """What a picture of `region` is made of, in one query: per table the number of rows, the sum of their
    ids and (for models) the sum of their `updated_at`.

    - `owned`: models with a `region` of their own, filtered on it;
    - `links`: many-to-many fields (`Model.field`), their rows filtered on the owner's region;
    - `children`: (model, foreign key column, parent model), filtered on the parent's region;
    - `subregions`: the region's subregions and the municipalities of the region and its subregions.

    A row added or removed changes the count or the id sum (ids are never reused: Django's SQLite tables
    use AUTOINCREMENT, PostgreSQL sequences never go back); a row saved changes its `updated_at`, so the
    sum, even when another edit with a later time committed first. Links are only ever added and removed,
    never changed in place. Blind to changes that skip `save()` (`QuerySet.update()`): nothing changes
    these models so. None on another database: the caller then computes the picture every time."""
    quote = connection.ops.quote_name
    stamp = _stamp(quote("updated_at"))
    if stamp is None:
        return None
    parts, params = [], []

    def add(table: str, where: str, *args, stamped: bool = True) -> None:
        parts.append(f"SELECT {len(parts)}, COUNT(*), SUM({quote('id')}), {f'SUM({stamp})' if stamped else '0'} "
                     f"FROM {quote(table)} WHERE {where}")
        params.extend(args)

    def of_region(table: str) -> str:
        return f"(SELECT {quote('id')} FROM {quote(table)} WHERE {quote('region_id')} = %s)"

    for model in owned:
        add(model._meta.db_table, f"{quote('region_id')} = %s", region.pk)
    for descriptor in links:
        m2m = descriptor.field
        add(m2m.remote_field.through._meta.db_table,
            f"{quote(m2m.m2m_column_name())} IN {of_region(m2m.model._meta.db_table)}", region.pk, stamped=False)
    for model, column, parent in children:
        add(model._meta.db_table, f"{quote(column)} IN {of_region(parent._meta.db_table)}", region.pk)
    if subregions:
        regions = quote(Region._meta.db_table)
        add(Region._meta.db_table, f"{quote('parent_id')} = %s", region.pk)
        add(Region.municipalities.through._meta.db_table,
            f"{quote('region_id')} IN (SELECT {quote('id')} FROM {regions} "
            f"WHERE {quote('id')} = %s OR {quote('parent_id')} = %s)", region.pk, region.pk, stamped=False)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return tuple(sorted(cursor.fetchall()))
