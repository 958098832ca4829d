"""Login, throttling of repeated failures, logout and password change."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.throttle import client_address

pytestmark = pytest.mark.django_db

PASSWORD = "pass-Word-123"
LOGIN = reverse("accounts:login")


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_lands_on_the_roles_start_page(client, make_user):
    make_user(Role.CELL_SECRETARY, username="bithu_test")
    response = attempt(client, "bithu_test", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(response["Location"])
    assert home.status_code == 200 and "Việc của tôi" in home.content.decode()  # their own tasks


def test_wrong_password_is_refused_in_vietnamese(client, make_user):
    make_user(Role.WARD_OFFICIAL, username="ubnd_test")
    response = attempt(client, "ubnd_test", "wrong")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "mật khẩu chính xác" in response.content.decode()


def test_five_failures_lock_the_account_from_that_address_even_with_the_right_password(client, make_user):
    user = make_user(Role.CELL_SECRETARY, username="bithu_test")
    for _ in range(settings.LOGIN_THROTTLE_ATTEMPTS - 1):
        assert attempt(client, "bithu_test", "wrong").status_code == 200
    assert attempt(client, "bithu_test", "wrong").status_code == 429
    blocked = attempt(client, "bithu_test", PASSWORD)
    assert blocked.status_code == 429
    assert "đăng nhập sai quá nhiều lần" in blocked.content.decode()
    assert "Vui lòng chờ 15 phút" in blocked.content.decode()  # the window of the settings
    assert "_auth_user_id" not in client.session
    # The same name in other capitals is the same account.
    assert attempt(client, "BITHU_TEST", PASSWORD).status_code == 429

    # Once the window has passed, the right password works again and the failures are cleared.
    past = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)
    allowed = attempt(client, "bithu_test", PASSWORD)
    assert allowed.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not AccessAttempt.objects.filter(username="bithu_test").exists()


def test_the_message_states_the_window_of_the_settings(client, make_user, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    make_user(Role.WARD_OFFICIAL, username="ubnd_test")
    for _ in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        attempt(client, "ubnd_test", "wrong")
    assert "Vui lòng chờ 30 phút" in attempt(client, "ubnd_test", PASSWORD).content.decode()


def test_failures_of_one_user_do_not_lock_another(client, make_user):
    make_user(Role.WARD_OFFICIAL, username="one")
    make_user(Role.WARD_OFFICIAL, username="two")
    for _ in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        attempt(client, "one", "wrong")
    assert attempt(client, "two", PASSWORD).status_code == 302


def test_a_user_locked_out_from_one_address_logs_in_from_another(client, make_user):
    """Guessing one account's password from one machine does not lock its owner out of election day."""
    user = make_user(Role.TEAM_MEMBER, username="tobaucu_test")
    for _ in range(settings.LOGIN_THROTTLE_ATTEMPTS + 3):
        client.post(LOGIN, {"username": "tobaucu_test", "password": "wrong"}, REMOTE_ADDR="10.0.0.66")
    locked = client.post(LOGIN, {"username": "tobaucu_test", "password": PASSWORD}, REMOTE_ADDR="10.0.0.66")
    assert locked.status_code == 429
    allowed = client.post(LOGIN, {"username": "tobaucu_test", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    assert allowed.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_admin_login_is_throttled_too(client, make_user):
    """20 wrong admin passwords, then the right one: refused."""
    admin = make_user(Role.ADMIN, username="admin_test", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(20):
        response = client.post(url, {"username": "admin_test", "password": "wrong", "next": "/admin/"})
        assert "_auth_user_id" not in client.session
    assert response.status_code == 429
    refused = client.post(url, {"username": "admin_test", "password": PASSWORD, "next": "/admin/"})
    assert refused.status_code == 429
    assert "Vui lòng chờ 15 phút" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the admin's login
    # From another machine the administrator still gets in.
    allowed = client.post(
        url, {"username": "admin_test", "password": PASSWORD, "next": "/admin/"}, REMOTE_ADDR="10.9.9.9"
    )
    assert allowed.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)


def _request(remote: str, forwarded: str | None = None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_client_address_behind_the_trusted_proxies(settings):
    settings.LOGIN_TRUSTED_PROXIES = 0
    # No proxy configured: the header is the client's own words and is ignored.
    assert client_address(_request("198.51.100.4", "203.0.113.9")) == "198.51.100.4"
    settings.LOGIN_TRUSTED_PROXIES = 1
    # One proxy appends the address it received the request from; what the client wrote before it is ignored.
    assert client_address(_request("10.0.0.1", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    assert client_address(_request("10.0.0.1", "203.0.113.9")) == "203.0.113.9"
    assert client_address(_request("10.0.0.1")) == "10.0.0.1"  # not through the proxy
    assert client_address(_request("10.0.0.1", "not-an-address")) == "10.0.0.1"
    settings.LOGIN_TRUSTED_PROXIES = 2
    assert client_address(_request("10.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.2")) == "203.0.113.9"
    settings.LOGIN_CLIENT_IP_HEADER = "X-Real-IP"
    settings.LOGIN_TRUSTED_PROXIES = 1
    request = _request("10.0.0.1")
    request.META["HTTP_X_REAL_IP"] = "203.0.113.77"
    assert client_address(request) == "203.0.113.77"


def test_behind_the_proxy_one_locked_client_does_not_lock_the_others(client, make_user, settings):
    """Every request comes from the proxy's address; lockouts still follow each client's own address."""
    settings.LOGIN_TRUSTED_PROXIES = 1
    make_user(Role.WARD_OFFICIAL, username="ubnd_test")
    via_proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        client.post(
            LOGIN, {"username": "ubnd_test", "password": "wrong"}, HTTP_X_FORWARDED_FOR="203.0.113.9", **via_proxy
        )
    wrong_client = client.post(
        LOGIN, {"username": "ubnd_test", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="203.0.113.9", **via_proxy
    )
    assert wrong_client.status_code == 429
    # A spoofed header left of the proxy's entry changes nothing.
    spoofed = client.post(
        LOGIN,
        {"username": "ubnd_test", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9",
        **via_proxy,
    )
    assert spoofed.status_code == 429
    other = client.post(
        LOGIN, {"username": "ubnd_test", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="203.0.113.10", **via_proxy
    )
    assert other.status_code == 302


def test_logout_needs_post_and_ends_the_session(client_for, make_user):
    client = client_for(make_user(Role.WARD_OFFICIAL))
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert client.get(reverse("residents:group_list")).status_code == 302


def test_password_change(client_for, make_user):
    user = make_user(Role.TEAM_MEMBER)
    client = client_for(user)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200
    assert "Mật khẩu cũ" in page.content.decode()
    refused = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not-it", "new_password1": "Hue-2021-moi", "new_password2": "Hue-2021-moi"},
    )
    assert refused.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    done = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Hue-2021-moi", "new_password2": "Hue-2021-moi"},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_changed")
    user.refresh_from_db()
    assert user.check_password("Hue-2021-moi")
    assert client.get(reverse("accounts:password_changed")).status_code == 200  # still logged in


def test_login_page_is_vietnamese_with_english_available(client):
    page = client.get(LOGIN).content.decode()
    assert "Đăng nhập" in page
    assert "Tên đăng nhập" in page and "Mật khẩu" in page
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    assert "Log in" in client.get(LOGIN).content.decode()
