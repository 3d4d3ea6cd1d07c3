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
