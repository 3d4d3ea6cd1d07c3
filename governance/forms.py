from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.sites.shortcuts import get_current_site
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.forms import form_helper
from common.outbox import after_response, mail_queue, outbox_deliver

from .models import Membership, Municipality, Region, Role
from .selectors import region_tree_ids


def _scope_choices(region: Region) -> list:
    tree = region_tree_ids(region)
    regions = sorted(Region.objects.filter(id__in=tree), key=lambda r: (r.id != region.id, r.name))
    municipalities = region.municipalities.filter(is_active=True).order_by("name")
    return [
        (_("Region"), [(f"region:{r.pk}", r.name) for r in regions]),
        (_("Municipality"), [(f"municipality:{m.pk}", m.name) for m in municipalities]),
    ]


class _ScopeFormMixin(forms.Form):
    scope = forms.ChoiceField(label=_("Where"),
                              help_text=_("The region, subregion or municipality the role applies to."))

    def _init_scope(self, region: Region) -> None:
        self.region = region
        self.fields["scope"].choices = _scope_choices(region)

    def clean_scope(self) -> Region | Municipality:
        kind, _sep, pk = self.cleaned_data["scope"].partition(":")
        model = Region if kind == "region" else Municipality
        return model.objects.get(pk=int(pk))


class MembershipAddForm(_ScopeFormMixin):
    email = forms.EmailField(
        label=_("Work e-mail address"),
        max_length=150,
        help_text=_("If nobody uses this address yet, an invitation to choose a password is sent to it."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_scope(region)
        self.order_fields(["email", "first_name", "last_name", "role", "scope"])
        self.helper = form_helper(_("Add"))


class MembershipEditForm(_ScopeFormMixin):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, region: Region, membership: Membership, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "role": membership.role,
                "scope": f"region:{membership.region_id}" if membership.region_id
                else f"municipality:{membership.municipality_id}",
                "version": membership.version,
            },
        )
        super().__init__(*args, **kwargs)
        self._init_scope(region)
        self.order_fields(["role", "scope", "version"])
        self.helper = form_helper(_("Save"))


class InvitationAwarePasswordResetForm(PasswordResetForm):
    """Also serves people who were invited but never chose a password (their link may have expired).

    Django's form skips accounts without a usable password; ours only skips inactive ones.

    Whether the address has an account is looked up only after the response has gone out
    (common/outbox.after_response): the request does the same work for every address, so neither
    the page, its queries nor its timing say whether the address is known. The mail then goes
    through the outbox. (If the process stops in that moment no mail goes; the person asks again.)
    """

    def save(self, *, request=None, domain_override=None, **kwargs):
        # The request is gone by the time the lookup runs: take what the mail needs from it now.
        if not domain_override:
            domain_override = get_current_site(request).domain
        kwargs["use_https"] = kwargs.get("use_https", False) or (request is not None and request.is_secure())
        language = translation.get_language()

        def lookup_and_queue() -> None:
            self._queued = []
            with translation.override(language):
                super(InvitationAwarePasswordResetForm, self).save(domain_override=domain_override, **kwargs)
            outbox_deliver(ids=self._queued)  # already after the response: no reason to wait

        after_response(lookup_and_queue)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        self._queued += mail_queue(to=to_email, subject=render_to_string(subject_template_name, context),
                                   body=render_to_string(email_template_name, context))

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if user.email.casefold() == email.casefold())
