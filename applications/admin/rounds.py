"""The selection steps on a sales round's admin page: publishing (which makes the lottery's seed
commitment), freezing the entries, publishing the assessment, and the offers.

The round's own admin is the properties layer's (`properties.admin.rounds.SalesRoundAdmin`);
this subclass adds the steps of this layer and takes its place on the admin site
(`applications` comes after `properties` in INSTALLED_APPS, so the properties admin is
registered first). URLs and their names stay those of the round's admin.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from applications.assessment.services import assessment_problems, assessment_publish
from applications.lottery.selectors import round_lottery
from applications.lottery.services import lottery_freeze, lottery_freeze_problems
from applications.models import AssessmentOutcome, Offer
from applications.offers.forms import WithdrawOfferForm
from applications.offers.selectors import round_offer_overview
from applications.offers.services import offer_withdraw, offers_start, offers_start_problems
from applications.rounds import sales_round_publish
from properties.admin.rounds import SalesRoundAdmin
from properties.models import SalesRound

admin.site.unregister(SalesRound)


@admin.register(SalesRound)
class SelectionRoundAdmin(SalesRoundAdmin):
    change_form_template = "admin/applications/salesround/change_form.html"

    def get_urls(self):
        return [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="properties_salesround_publish",
            ),
            path(
                "<int:pk>/freeze/",
                self.admin_site.admin_view(require_POST(self.freeze_view)),
                name="properties_salesround_freeze",
            ),
            path(
                "<int:pk>/assessment/",
                self.admin_site.admin_view(require_POST(self.assessment_view)),
                name="properties_salesround_assessment",
            ),
            path(
                "<int:pk>/offers/",
                self.admin_site.admin_view(self.offers_view),
                name="properties_salesround_offers",
            ),
            path(
                "<int:pk>/offers/start/",
                self.admin_site.admin_view(require_POST(self.offers_start_view)),
                name="properties_salesround_offers_start",
            ),
            path(
                "<int:pk>/offers/<int:offer_pk>/withdraw/",
                self.admin_site.admin_view(require_POST(self.offer_withdraw_view)),
                name="properties_salesround_offer_withdraw",
            ),
            *super().get_urls(),
        ]

    def _back(self, sales_round, name="properties_salesround_change"):
        return HttpResponseRedirect(reverse(f"admin:{name}", args=[sales_round.pk]))

    def _run(self, request, action, success):
        try:
            action()
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, success, messages.SUCCESS)

    def assessment_view(self, request, pk):
        """Compute and publish the outcome of a round assessed by plan quality."""
        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.manage_offers"):
            raise PermissionDenied
        self._run(
            request,
            lambda: assessment_publish(sales_round=sales_round, actor=request.user),
            _("The outcome of the assessment is published; you can make the offers now."),
        )
        return self._back(sales_round)

    def offers_start_view(self, request, pk):
        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.manage_offers"):
            raise PermissionDenied
        self._run(
            request,
            lambda: offers_start(sales_round=sales_round, actor=request.user),
            _("The offers are made; the buyers have been told by e-mail."),
        )
        return self._back(sales_round, "properties_salesround_offers")

    def offer_withdraw_view(self, request, pk, offer_pk):
        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.manage_offers"):
            raise PermissionDenied
        offer = get_object_or_404(Offer, pk=offer_pk, sales_round=sales_round)
        form = WithdrawOfferForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request, _("Give the reason for withdrawing the offer."), messages.ERROR
            )
        else:
            self._run(
                request,
                lambda: offer_withdraw(
                    offer=offer, actor=request.user, reason=form.cleaned_data["reason"]
                ),
                _("The offer is withdrawn; the home went to the next reserve candidate, if any."),
            )
        return self._back(sales_round, "properties_salesround_offers")

    def offers_view(self, request, pk):
        """Per home: its offers, its reserve list and its log; and the offers that are due."""

        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.view_offer"):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": sales_round,
            "title": _("Offers: %(round)s") % {"round": sales_round.name},
            "overview": round_offer_overview(sales_round),
            "start_problems": offers_start_problems(sales_round),
            "can_manage": request.user.has_perm("applications.manage_offers"),
        }
        return TemplateResponse(request, "admin/applications/salesround/offers.html", context)

    def publish_view(self, request, pk):
        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("properties.publish_salesround"):
            raise PermissionDenied
        try:
            sales_round_publish(sales_round=sales_round, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, _("The round is published on the site."), messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:properties_salesround_change", args=[sales_round.pk])
        )

    def freeze_view(self, request, pk):
        """Freeze the lottery's entries (step 2) once the window closed and all is decided."""
        sales_round = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("applications.review_application"):
            raise PermissionDenied
        try:
            frozen = lottery_freeze(sales_round=sales_round, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(
                request,
                ngettext(
                    "%(count)d entry is frozen and published; the notary can draw now.",
                    "%(count)d entries are frozen and published; the notary can draw now.",
                    frozen.entry_count,
                )
                % {"count": frozen.entry_count},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse("admin:properties_salesround_change", args=[sales_round.pk])
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.published_at is None:
            context["can_publish"] = request.user.has_perm("properties.publish_salesround")
        if obj is not None and obj.published_at is not None:
            context["lottery"] = round_lottery(obj)
            context["freeze_problems"] = lottery_freeze_problems(obj)
            context["can_freeze"] = request.user.has_perm("applications.review_application")
            context["can_manage_offers"] = request.user.has_perm("applications.manage_offers")
            context["offers_made"] = Offer.objects.filter(sales_round=obj).exists()
            if obj.selection_method == SalesRound.SelectionMethod.PLAN_ASSESSMENT:
                context["assessment_published"] = AssessmentOutcome.objects.filter(
                    sales_round=obj
                ).exists()
                context["assessment_problems"] = assessment_problems(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)
