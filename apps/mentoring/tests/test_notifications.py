import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.learners.middleware import SESSION_KEY
from apps.mentoring.models import Notification
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_notifications_render_markdown_safely_grouped_by_day_in_the_viewers_zone(client):
    user = make_user()
    now = timezone.now()
    late = Notification.objects.create(
        user=user, kind="comment", text="Lin asks you to review: `git stash` <script>x</script>",
        url="/mentor/",
    )  # fmt: skip
    old = Notification.objects.create(user=user, kind="verdict", text="Approved — **done**")
    Notification.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=3))
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = "Pacific/Kiritimati"  # UTC+14: "today" is the viewer's today
    session.save()
    response = client.get(reverse("mentoring:notifications"))
    html = response.content.decode()
    assert "<code>git stash</code>" in html and "`git stash`" not in html
    assert "<script>x" not in html
    days = response.context["days"]
    assert [d.label for d in days][0] == "Today" and len(days) == 2
    assert days[0].notifications == [late]
    assert "Mark all read" in html
    client.post(reverse("mentoring:notifications_read"))
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
