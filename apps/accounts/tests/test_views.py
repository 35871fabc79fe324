import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.learners.models import LearnerProfile
from tests.factories import make_learner, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_signup_sends_a_verification_email_and_needs_no_username(client, deliver_mail):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "New@Example.com",
            "password1": "a-strong-passphrase-42",
            "password2": "a-strong-passphrase-42",
        },  # fmt: skip
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new@example.com"
    assert not EmailAddress.objects.get(user=user).verified
    outbox = deliver_mail()
    assert len(outbox) == 1
    assert "/accounts/confirm-email/" in outbox[0].body


def test_signing_up_again_with_a_taken_email_says_so_and_creates_nothing(client, deliver_mail):
    make_user(email="taken@example.com")
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Taken@example.com",
            "password1": "another-passphrase-77",
            "password2": "another-passphrase-77",
        },  # fmt: skip
    )
    assert response.status_code == 200
    assert "A user is already registered with this email address." in response.content.decode()
    assert User.objects.count() == 1
    assert deliver_mail() == []


def test_unverified_users_cannot_sign_in(client):
    make_user(email="unverified@example.com", verified=False)
    response = client.post(
        reverse("account_login"),
        {"login": "unverified@example.com", "password": "a-strong-passphrase-42"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_sign_in_leads_to_the_dashboard(client):
    make_user(email="ada@example.com")
    response = client.post(
        reverse("account_login"),
        {"login": "ada@example.com", "password": "a-strong-passphrase-42"},
    )
    assert response["Location"] == reverse("learners:dashboard")


@pytest.mark.parametrize(
    "url_name",
    ["account_login", "account_signup", "account_reset_password"],
)
def test_allauth_pages_use_the_sites_layout(client, url_name):
    html = client.get(reverse(url_name)).content.decode()
    assert 'class="skip-link"' in html
    assert 'class="auth-card"' in html
    assert "/static/css/site.css" in html


def test_account_settings_pages_use_the_sites_layout(client):
    client.force_login(make_user())
    for url_name in ["account_email", "account_change_password", "mfa_index", "accounts:delete"]:
        html = client.get(reverse(url_name)).content.decode()
        assert 'class="manage-nav"' in html, url_name
        assert 'class="skip-link"' in html, url_name


def test_deleting_the_account_needs_the_password(client):
    learner = make_learner()
    client.force_login(learner.user)
    response = client.post(reverse("accounts:delete"), {"password": "wrong"})
    assert response.status_code == 200
    assert "That is not your password. Nothing was deleted." in response.content.decode()
    assert User.objects.filter(pk=learner.user.pk).exists()


def test_deleting_the_account_removes_the_learners_rows(client):
    learner = make_learner()
    other = make_learner()
    client.force_login(learner.user)
    response = client.post(reverse("accounts:delete"), {"password": "a-strong-passphrase-42"})
    assert response["Location"] == reverse("core:landing")
    assert not User.objects.filter(pk=learner.user.pk).exists()
    assert not LearnerProfile.objects.filter(pk=learner.pk).exists()
    assert not EmailAddress.objects.filter(user_id=learner.user.pk).exists()
    assert LearnerProfile.objects.filter(pk=other.pk).exists()
    assert "_auth_user_id" not in client.session


def _fail_logins(client, email, times, **extra):
    for _ in range(times):
        client.post(reverse("account_login"), {"login": email, "password": "wrong"}, **extra)


def test_an_account_throttled_by_failures_answers_429_and_offers_a_code(client):
    make_user(email="target@example.com")
    _fail_logins(client, "target@example.com", 5)
    response = client.post(
        reverse("account_login"),
        {"login": "target@example.com", "password": "a-strong-passphrase-42"},
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed sign-in attempts" in html
    assert "code" in html and reverse("account_request_login_code") in html
    assert "_auth_user_id" not in client.session


def test_a_throttled_account_with_a_second_factor_still_signs_in(client):
    from allauth.mfa.models import Authenticator

    user = make_user(email="mfa-target@example.com")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    _fail_logins(client, "mfa-target@example.com", 8)
    response = client.post(
        reverse("account_login"),
        {"login": "mfa-target@example.com", "password": "a-strong-passphrase-42"},
    )
    # The right password leads on to the second factor; the code is what guards the account.
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")


def test_failed_sign_ins_from_one_address_do_not_lock_out_everyone_behind_it(client):
    """Behind a proxy or a NAT many people share an address: 10 failures a minute from it
    (allauth's default per-IP limit) must not stop the next person's correct sign-in."""
    for n in range(12):
        _fail_logins(client, f"someone-{n}@example.com", 1)
    make_user(email="colleague@example.com")
    response = client.post(
        reverse("account_login"),
        {"login": "colleague@example.com", "password": "a-strong-passphrase-42"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_the_client_address_comes_from_the_trusted_proxy(client, settings):
    """With TRUSTED_PROXY_COUNT=1, clients behind the proxy are told apart by the address
    the proxy appends to X-Forwarded-For; without it, they would all be the proxy."""
    from allauth.account.adapter import get_adapter
    from django.test import RequestFactory

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1",
                                   HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")  # fmt: skip
    assert get_adapter().get_client_ip(request) == "198.51.100.7"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert get_adapter().get_client_ip(request) == "10.0.0.1"


def test_signup_floods_get_the_429_page(client):
    data = {"email": "flood@example.com", "password1": "a", "password2": "b"}
    statuses = [client.post(reverse("account_signup"), data).status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429
    response = client.post(reverse("account_signup"), data)
    assert "Too many attempts" in response.content.decode()


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_email_addresses_are_the_login_and_unique_case_insensitively():
    user = User.objects.create_user(email="Mixed@Example.COM", password="x")
    assert user.email == "mixed@example.com"
    assert str(user) == "mixed@example.com"
    superuser = User.objects.create_superuser(email="root@example.com", password="x")
    assert superuser.is_staff and superuser.is_superuser


def test_totp_two_factor_can_be_enabled_and_is_then_required(client):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        SECRET_SESSION_KEY,
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    user = make_user(email="mfa@example.com")
    credentials = {"login": "mfa@example.com", "password": "a-strong-passphrase-42"}
    client.post(reverse("account_login"), credentials)
    # Enabling two-factor authentication asks for the password again first.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": credentials["password"]})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert 'class="manage-nav"' in page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    client.post(reverse("mfa_activate_totp"), {"code": code})
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {"totp", "recovery_codes"}

    client.post(reverse("account_logout"))
    response = client.post(reverse("account_login"), credentials)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_password_reset_does_not_reveal_which_addresses_have_accounts(client, deliver_mail):
    make_user(email="known@example.com")
    known = client.post(reverse("account_reset_password"), {"email": "known@example.com"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert client.get(unknown["Location"]).status_code == 200
    # Each address learns the truth by email, which only its owner reads.
    assert sorted(m.to[0] for m in deliver_mail()) == ["known@example.com", "nobody@example.com"]


def test_password_reset_sends_a_link_by_email(client, deliver_mail):
    make_user(email="forgot@example.com")
    response = client.post(reverse("account_reset_password"), {"email": "forgot@example.com"})
    assert response.status_code == 302
    outbox = deliver_mail()
    assert len(outbox) == 1
    assert "/accounts/password/reset/key/" in outbox[0].body
