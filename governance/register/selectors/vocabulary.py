"""Reads of the shared vocabulary: domains, themes, phases and the glossary."""
from __future__ import annotations

from django.db.models import Count, QuerySet

from ...models import Domain, GlossaryTerm, Phase, Region, Theme
from .base import readable, scoped


def domain_list(*, user, region: Region) -> QuerySet[Domain]:
    if not readable(user, region):
        return Domain.objects.none()
    return Domain.objects.filter(region=region).annotate(organisation_count=Count("organisations"))


def theme_list(*, user, region: Region) -> QuerySet[Theme]:
    return scoped(Theme, user, region).select_related("phase").prefetch_related("needed_domains")


def phase_list(*, user, region: Region) -> QuerySet[Phase]:
    return Phase.objects.filter(region=region) if readable(user, region) else Phase.objects.none()


def glossary_list(*, user, region: Region) -> QuerySet[GlossaryTerm]:
    return scoped(GlossaryTerm, user, region)
