import pytest
from django.urls import reverse

from tests.factories import make_learner

pytestmark = pytest.mark.django_db
ITEM = "/progress/items/baseline-git-stash/"
PAGE = "http://testserver/roadmap/python-linux-baseline/"


def test_an_expired_session_sends_htmx_to_sign_in_and_back_to_the_page(client):
    response = client.post(
        ITEM, {"state": "done"}, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=PAGE
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == (
        reverse("account_login") + "?next=%2Froadmap%2Fpython-linux-baseline%2F"
    )
    assert response.content == b""  # nothing to swap into the page
    page = client.get(response["HX-Redirect"])
    assert "you will be back on the page" in page.content.decode()


def test_another_sites_current_url_is_not_a_next(client):
    response = client.post(
        ITEM, {"state": "done"}, HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="https://evil.example/steal/",
    )  # fmt: skip
    assert response["HX-Redirect"] == reverse("account_login") + "?next=%2F"


def test_plain_requests_keep_the_usual_redirect(client):
    response = client.post(ITEM, {"state": "done"})
    assert response.status_code == 302 and "HX-Redirect" not in response


def test_fragments_and_pages_are_cached_apart(client):
    client.force_login(make_learner().user)
    assert "HX-Request" in client.get("/progress/")["Vary"]
