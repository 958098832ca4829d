from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _

from accounts.services import login_failure_record, login_failures_clear, login_is_throttled


def _client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class ThrottledLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "").strip()
        if login_is_throttled(username=username, address=_client_address(request)):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Too many failed logins. Please wait 15 minutes and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        login_failure_record(
            username=self.request.POST.get("username", "").strip(), address=_client_address(self.request)
        )
        return super().form_invalid(form)

    def form_valid(self, form):
        login_failures_clear(username=form.get_user().get_username())
        return super().form_valid(form)

