"""Forms of the shared vocabulary: domains, themes, phases and glossary terms."""
from __future__ import annotations

from ...models import Domain, GlossaryTerm, Phase, Theme
from .base import RegisterForm


class DomainForm(RegisterForm):
    class Meta:
        model = Domain
        fields = ["name", "kind", "description"]


class ThemeForm(RegisterForm):
    class Meta:
        model = Theme
        fields = ["name", "description"]


class PhaseForm(RegisterForm):
    class Meta:
        model = Phase
        fields = ["name", "order", "description"]


class GlossaryTermForm(RegisterForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term", "definition", "also_called"]
