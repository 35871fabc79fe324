from django.test import RequestFactory

from apps.core.http import safe_next


def test_next_is_followed_only_within_the_site():
    factory = RequestFactory()
    assert (
        safe_next(factory.post("/", {"next": "/roadmap/#item-x"}), "/fallback/")
        == "/roadmap/#item-x"
    )
    assert safe_next(factory.get("/", {"next": "/progress/"}), "/fallback/") == "/progress/"
    assert (
        safe_next(factory.post("/", {"next": "https://evil.example/"}), "/fallback/")
        == "/fallback/"
    )
    assert safe_next(factory.post("/"), "/fallback/") == "/fallback/"
