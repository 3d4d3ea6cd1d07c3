"""What every register read shares: the right to read a region's register, and one row or 404."""
from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from ...access import access_for
from ...models import Region
from ...roles import Perm


def readable(user, region: Region) -> bool:
    return Perm.VIEW_REGISTER in access_for(user).perms_in(region.id)


def scoped(model, user, region: Region) -> QuerySet:
    return model.objects.filter(region=region) if readable(user, region) else model.objects.none()


def register_get(queryset: QuerySet, pk: int):
    """One row of a scoped list, or 404 (the same answer for 'not yours' and 'does not exist')."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404("Not in this register.")
    return obj


def attach_names(*relations: str):
    """`prepare` for a list that shows many-to-many rows by name: sets `<relation>_names` on each row (the
    names in the related model's own order) from one narrow query per relation. Django's prefetch would
    build a full model instance per related row, several milliseconds per relation on a page of rows."""

    def prepare(objs: list) -> list:
        if not objs:
            return objs
        model = type(objs[0])
        for relation in relations:
            m2m = model._meta.get_field(relation)
            through = m2m.remote_field.through
            source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            order = [f"-{target}__{o[1:]}" if o.startswith("-") else f"{target}__{o}"
                     for o in m2m.related_model._meta.ordering]
            names: dict[int, list[str]] = {obj.pk: [] for obj in objs}
            rows = (through.objects.filter(**{f"{source}__in": list(names)})
                    .order_by(*order, f"{target}__pk").values_list(f"{source}_id", f"{target}__name"))
            for pk, name in rows:
                names[pk].append(name)
            for obj in objs:
                setattr(obj, f"{relation}_names", names[obj.pk])
        return objs

    return prepare


def prepare_all(*steps):
    """One `prepare` from several, applied in order."""

    def prepare(objs: list) -> list:
        for step in steps:
            objs = step(objs)
        return objs

    return prepare
