"""Login, throttling of repeated failures, logout and password change."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import LoginFailure, Role

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


def test_five_failures_throttle_even_the_right_password_until_the_window_passes(client, make_user):
    user = make_user(Role.CELL_SECRETARY, username="bithu_test")
    for _ in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        assert attempt(client, "bithu_test", "wrong").status_code == 200
    blocked = attempt(client, "bithu_test", PASSWORD)
    assert blocked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
    # The same name in other capitals is the same account.
    assert attempt(client, "BITHU_TEST", PASSWORD).status_code == 429

    # Once the window has passed, the right password works again and the failures are cleared.
    past = timezone.now() - datetime.timedelta(seconds=settings.LOGIN_THROTTLE_SECONDS + 1)
    LoginFailure.objects.update(at=past)
    allowed = attempt(client, "bithu_test", PASSWORD)
    assert allowed.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not LoginFailure.objects.filter(username__iexact="bithu_test").exists()


def test_failures_of_one_user_do_not_lock_another(client, make_user):
    make_user(Role.WARD_OFFICIAL, username="one")
    make_user(Role.WARD_OFFICIAL, username="two")
    for _ in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        attempt(client, "one", "wrong")
    assert attempt(client, "two", PASSWORD).status_code == 302


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
