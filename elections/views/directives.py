from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import Action, can, require
from config.errors import DomainError, report_error
from elections import selectors, services
from elections.forms import DirectiveForm, DirectiveTaskForm, ProgressForm


def directive_current(request):
    """The directive of the current campaign (the list when there are several or none)."""
    campaign = selectors.current_campaign(request.user)
    if campaign is None:
        return redirect("elections:campaign_list")
    directives = list(selectors.directives_for_user(request.user, campaign))
    if len(directives) == 1:
        return redirect("elections:directive_detail", pk=directives[0].pk)
    return render(
        request,
        "elections/directive_list.html",
        {"campaign": campaign, "directives": directives, "may_manage": can(request.user, Action.MANAGE_CAMPAIGN)},
    )


def directive_detail(request, pk: int):
    directive = selectors.directive_for_user_or_404(request.user, pk)
    tasks = list(directive.tasks.all())
    rows = [
        {
            "task": task,
            "may_report": services.may_write_progress(request.user, task),
            "form": ProgressForm(initial={"status": task.status}, prefix=f"task{task.pk}"),
        }
        for task in tasks
    ]
    return render(
        request,
        "elections/directive_detail.html",
        {
            "directive": directive,
            "rows": rows,
            "may_manage": can(request.user, Action.MANAGE_CAMPAIGN),
            "today": selectors.today(),
        },
    )


@require_http_methods(["GET", "POST"])
def directive_create(request, campaign_pk: int):
    require(request.user, Action.MANAGE_CAMPAIGN)
    campaign = selectors.campaign_for_user_or_404(request.user, campaign_pk)
    form = DirectiveForm(request.POST or None, with_split=True)
    if request.method == "POST" and form.is_valid():
        try:
            directive = services.directive_create(actor=request.user, campaign=campaign, **form.cleaned_data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Directive %(number)s recorded.") % {"number": directive.number})
            return redirect("elections:directive_detail", pk=directive.pk)
    return render(request, "elections/directive_form.html", {"form": form, "campaign": campaign})


@require_http_methods(["GET", "POST"])
def directive_edit(request, pk: int):
    require(request.user, Action.MANAGE_CAMPAIGN)
    directive = selectors.directive_for_user_or_404(request.user, pk)
    form = DirectiveForm(request.POST or None, instance=directive)
    if request.method == "POST" and form.is_valid():
        try:
            services.directive_update(directive=directive, actor=request.user, data=form.cleaned_data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Directive saved."))
            return redirect("elections:directive_detail", pk=directive.pk)
    return render(
        request, "elections/directive_form.html", {"form": form, "directive": directive, "campaign": directive.campaign}
    )


@require_http_methods(["GET", "POST"])
def task_create(request, directive_pk: int):
    require(request.user, Action.MANAGE_CAMPAIGN)
    directive = selectors.directive_for_user_or_404(request.user, directive_pk)
    form = DirectiveTaskForm(request.POST or None, initial={"number": directive.tasks.count() + 1})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("status", None)
        try:
            services.directive_task_create(directive=directive, actor=request.user, **data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Task added."))
            return redirect("elections:directive_detail", pk=directive.pk)
    return render(request, "elections/task_form.html", {"form": form, "directive": directive})


@require_http_methods(["GET", "POST"])
def task_edit(request, pk: int):
    require(request.user, Action.MANAGE_CAMPAIGN)
    task = selectors.directive_task_for_user_or_404(request.user, pk)
    form = DirectiveTaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.directive_task_update(task=task, actor=request.user, data=form.cleaned_data)
        except DomainError as error:
            report_error(request, error, form)
        else:
            messages.success(request, _("Task %(number)s saved.") % {"number": task.number})
            return redirect("elections:directive_detail", pk=task.directive_id)
    return render(request, "elections/task_form.html", {"form": form, "directive": task.directive, "task": task})


@require_POST
def task_progress(request, pk: int):
    task = selectors.directive_task_for_user_or_404(request.user, pk)
    form = ProgressForm(request.POST, prefix=f"task{task.pk}")
    if form.is_valid():
        try:
            services.directive_task_add_progress(task=task, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            report_error(request, error)
        else:
            messages.success(request, _("Progress note added to task %(number)s.") % {"number": task.number})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("Task %(number)s: %(error)s") % {"number": task.number, "error": error})
    return redirect(f"{_directive_url(task)}#task-{task.number}")


def _directive_url(task) -> str:
    return reverse("elections:directive_detail", args=[task.directive_id])
