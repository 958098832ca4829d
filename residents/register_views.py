"""Keeping the register in the browser: a household, a resident, and the forms that change them.

Thin views: scope (residents.selectors, 404 outside one's groups), `can` for the buttons, one
service per change; a refused change shows the service's reason on the field it names.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import Action, can, group_for_user_or_404, require, visible_groups
from config.errors import DomainError, report_error
from residents import selectors, services
from residents.forms import ChangeHouseholdForm, CorrectionForm, HouseholdEditForm, HouseholdForm, LeaveForm, MoveInForm
from residents.history import history_rows
from residents.models import Household, Resident


def _posted_message(request, group, resident=None) -> None:
    """After a change: say plainly that a list already posted stays as it was posted."""
    posted = selectors.posted_list_of(group)
    if posted is not None:
        messages.info(
            request,
            _(
                "The voter list of %(group)s was posted on %(date)s: it stays as posted (%(size)s lines); "
                "this change counts from the next list."
            )
            % {"group": group.name, "date": posted.posted_on.strftime("%d/%m/%Y"), "size": posted.size},
        )


def _form_page(request, form, *, title: str, subtitle: str, back: str, button: str, posted=None, resident=None):
    """The one page every register form is shown on."""
    return render(
        request,
        "residents/register/form.html",
        {
            "form": form,
            "title": title,
            "subtitle": subtitle,
            "back": back,
            "button": button,
            "posted": posted,
            "resident": resident,
        },
    )


def _edit(request, form, save: Callable[[dict], tuple[str, str]], *, notify_posted=None, **page):
    """The shape every register form shares. On a valid POST `save(cleaned data)` calls the one service and
    returns (success message, URL to go to); a refusal is shown on the field it names. After a change to a
    group whose list is posted (`notify_posted`), say that the posted list stays as posted. Otherwise the
    form page, with `page` (title, subtitle, back, button, posted, resident)."""
    if request.method == "POST" and form.is_valid():
        try:
            message, url = save(dict(form.cleaned_data))
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, message)
            if notify_posted is not None:
                _posted_message(request, notify_posted)
            return redirect(url)
    return _form_page(request, form, **page)


def _household_url(household) -> str:
    return reverse("residents:household_detail", args=[household.pk])


def _resident_url(resident) -> str:
    return reverse("residents:resident_detail", args=[resident.pk])


# ---------------------------------------------------------------- households


@require_http_methods(["GET", "POST"])
def household_create(request, pk: int):
    group = group_for_user_or_404(request.user, pk)
    require(request.user, Action.EDIT_REGISTER, group)

    def save(data):
        household = services.household_create(actor=request.user, group=group, **data)
        return _("Household %(number)s added: now add its members.") % {"number": household.number}, _household_url(
            household
        )

    return _edit(
        request,
        HouseholdForm(request.POST or None),
        save,
        title=_("Add a household"),
        subtitle=group.name,
        back=reverse("residents:group_detail", args=[group.pk]),
        button=_("Add the household"),
    )


@require_GET
def household_detail(request, pk: int):
    household = selectors.household_for_user_or_404(request.user, pk)
    group = household.group
    require(request.user, Action.VIEW_PERSONAL_DATA, group)
    living, gone = selectors.household_members(household)
    context = {
        "household": household,
        "group": group,
        "living": living,
        "gone": gone,
        "can_edit": can(request.user, Action.EDIT_REGISTER, group),
        "posted": selectors.posted_list_of(group),
    }
    return render(request, "residents/register/household_detail.html", context)


@require_http_methods(["GET", "POST"])
def household_edit(request, pk: int):
    household = selectors.household_for_user_or_404(request.user, pk)
    require(request.user, Action.EDIT_REGISTER, household.group)
    initial = {"number": household.number, "address": household.address, "head": household.head_id}

    def save(data):
        services.household_update(actor=request.user, household=household, **data)
        return _("Household saved."), _household_url(household)

    return _edit(
        request,
        HouseholdEditForm(request.POST or None, initial=initial, household=household),
        save,
        title=_("Household %(number)s") % {"number": household.number},
        subtitle=household.group.name,
        back=_household_url(household),
        button=_("Save"),
    )


@require_http_methods(["GET", "POST"])
def resident_move_in(request, pk: int):
    household = selectors.household_for_user_or_404(request.user, pk)
    group = household.group
    require(request.user, Action.EDIT_REGISTER, group)

    def save(data):
        on, reason, make_head = data.pop("on"), data.pop("reason"), data.pop("make_head")
        resident = services.resident_move_in(
            actor=request.user, household=household, data=data, on=on, reason=reason, make_head=make_head
        )
        message = _("%(name)s added to household %(number)s.") % {
            "name": resident.full_name,
            "number": household.number,
        }
        return message, _household_url(household)

    return _edit(
        request,
        MoveInForm(request.POST or None, initial={"residence_status": Resident.Residence.PERMANENT}),
        save,
        notify_posted=group,
        title=_("Add a resident (moved in)"),
        subtitle=_("Household %(number)s · %(group)s") % {"number": household.number, "group": group.name},
        back=_household_url(household),
        button=_("Add the resident"),
        posted=selectors.posted_list_of(group),
    )


# ---------------------------------------------------------------- residents


def _resident(request, pk: int, *, edit: bool) -> Resident:
    resident = selectors.resident_for_user_or_404(request.user, pk)
    require(request.user, Action.EDIT_REGISTER if edit else Action.VIEW_PERSONAL_DATA, resident.household.group)
    return resident


def _resident_page(resident, *, title: str, button: str) -> dict:
    """The form page of a change to one resident: their name, their line on a posted list."""
    return {
        "title": title,
        "subtitle": resident.full_name,
        "back": _resident_url(resident),
        "button": button,
        "posted": selectors.posted_list_of(resident.household.group, resident),
        "resident": resident,
    }


@require_GET
def resident_detail(request, pk: int):
    resident = _resident(request, pk, edit=False)
    group = resident.household.group
    context = {
        "resident": resident,
        "household": resident.household,
        "group": group,
        "can_edit": can(request.user, Action.EDIT_REGISTER, group) and resident.is_present,
        "posted": selectors.posted_list_of(group, resident),
        "history": history_rows(selectors.resident_history(resident)),
    }
    return render(request, "residents/register/resident_detail.html", context)


@require_http_methods(["GET", "POST"])
def resident_correct(request, pk: int):
    resident = _resident(request, pk, edit=True)
    initial = {name: getattr(resident, name) for name in services.PERSONAL_FIELDS}

    def save(data):
        reason = data.pop("reason")
        services.resident_correct(actor=request.user, resident=resident, data=data, reason=reason)
        return _("Personal data of %(name)s corrected.") % {"name": data["full_name"]}, _resident_url(resident)

    return _edit(
        request,
        CorrectionForm(request.POST or None, initial=initial),
        save,
        notify_posted=resident.household.group,
        **_resident_page(resident, title=_("Correct personal data"), button=_("Save the correction")),
    )


@require_http_methods(["GET", "POST"])
def resident_leave(request, pk: int):
    resident = _resident(request, pk, edit=True)

    def save(data):
        services.resident_leave(actor=request.user, resident=resident, **data)
        message = _("%(name)s: recorded as “%(status)s”.") % {
            "name": resident.full_name,
            "status": Resident.Status(data["kind"]).label,
        }
        return message, _resident_url(resident)

    return _edit(
        request,
        LeaveForm(request.POST or None),
        save,
        notify_posted=resident.household.group,
        **_resident_page(resident, title=_("Record a move away or a death"), button=_("Record")),
    )


@require_http_methods(["GET", "POST"])
def resident_change_household(request, pk: int):
    resident = _resident(request, pk, edit=True)
    groups = visible_groups(request.user).filter(ward_id=resident.household.group.ward_id)

    def save(data):
        household = Household.objects.filter(group=data["group"], number=data["household_number"].strip()).first()
        if household is None:
            raise DomainError(
                _("%(group)s has no household %(number)s: add it first on the group's page.")
                % {"group": data["group"].name, "number": data["household_number"].strip()},
                field="household_number",
            )
        services.resident_change_household(
            actor=request.user,
            resident=resident,
            household=household,
            on=data["on"],
            reason=data["reason"],
            make_head=data["make_head"],
        )
        message = _("%(name)s now lives in household %(number)s of %(group)s.") % {
            "name": resident.full_name,
            "number": household.number,
            "group": household.group.name,
        }
        return message, _resident_url(resident)

    return _edit(
        request,
        ChangeHouseholdForm(request.POST or None, groups=groups, initial={"group": resident.household.group_id}),
        save,
        notify_posted=resident.household.group,
        **_resident_page(resident, title=_("Move to another household"), button=_("Record the move")),
    )
