import datetime as dt
import re
import zoneinfo

import pytest
from django.template import Context, Template
from django.templatetags.static import StaticNode
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from apps.core import reversing

pytestmark = pytest.mark.django_db


def test_reverse_gives_djangos_answer_and_remembers_it():
    reversing._reverse.cache_clear()
    first = reversing.reverse("checklists:item", args=["python-baseline-1"])
    assert first == reverse("checklists:item", args=["python-baseline-1"])
    assert reversing.reverse("checklists:item", args=["python-baseline-1"]) == first
    assert reversing._reverse.cache_info().hits == 1
    assert reversing.reverse("mentoring:review", kwargs={"pk": 7}) == reverse(
        "mentoring:review", kwargs={"pk": 7}
    )


def test_a_templates_quoted_argument_is_remembered_as_its_text():
    reversing._reverse.cache_clear()
    template = Template("{% url 'curriculum:page' 'open-source-as-resume' %}")  # a SafeString
    expected = reverse("curriculum:page", args=["open-source-as-resume"])
    assert template.render(Context()) == expected == template.render(Context())
    assert reversing._reverse.cache_info().hits == 1
    assert reversing.reverse("curriculum:page", args=["open-source-as-resume"]) == expected
    assert reversing._reverse.cache_info().hits == 2


def test_the_script_prefix_is_part_of_the_answer():
    plain = reversing.reverse("curriculum:roadmap")
    set_script_prefix("/mounted/")
    try:
        assert reversing.reverse("curriculum:roadmap") == "/mounted" + plain
    finally:
        clear_script_prefix()
    assert reversing.reverse("curriculum:roadmap") == plain


def test_arguments_that_are_not_plain_values_are_not_remembered():
    class Key:
        def __str__(self):
            return "some-item"

    reversing._reverse.cache_clear()
    assert reversing.reverse("checklists:item", args=[Key()]) == "/progress/items/some-item/"
    assert reversing._reverse.cache_info().currsize == 0


def test_url_tag_keeps_djangos_syntax():
    template = Template(
        "{% url 'checklists:item' key %}|{% url 'curriculum:page' slug='x' as link %}{{ link }}"
        "|{% url 'no-such-view' as missing %}[{{ missing }}]"
    )
    assert template.render(Context({"key": "a-b"})) == (
        f"{reverse('checklists:item', args=['a-b'])}"
        f"|{reverse('curriculum:page', kwargs={'slug': 'x'})}|[]"
    )
    with pytest.raises(NoReverseMatch):
        Template("{% url 'no-such-view' %}").render(Context())


def test_static_tag_gives_djangos_address():
    rendered = Template("{% static 'css/site.css' %}").render(Context())
    assert rendered == StaticNode.handle_simple("css/site.css")


def test_icon_is_a_decorative_sprite_reference():
    rendered = Template('{% icon "bell" %}{% icon "close" "icon-close" %}').render(Context())
    assert rendered == (
        '<svg class="icon" aria-hidden="true" focusable="false"><use href="#i-bell"></use></svg>\n'
        '<svg class="icon icon-close" aria-hidden="true" focusable="false">'
        '<use href="#i-close"></use></svg>\n'
    )


@pytest.mark.parametrize(
    "template_name",
    ["includes/nav_links.html", "includes/account_links.html", "includes/site_header.html"],
)
@pytest.mark.parametrize(
    "path", ["/dashboard/", "/roadmap/", "/accounts/email/", "/mentor/", "/notifications/"]
)
def test_menus_are_their_templates_for_every_role_and_page(rf, template_name, path):
    from django.contrib.auth.models import AnonymousUser
    from django.middleware.csrf import _unmask_cipher_token, get_token
    from django.template import RequestContext
    from django.urls import resolve

    from apps.mentoring.context_processors import Account
    from apps.mentoring.models import Notification
    from tests.factories import make_editor, make_learner, make_mentorship, make_user

    learner = make_learner()
    mentor_and_editor = make_editor()
    make_mentorship(learner=learner, mentor=mentor_and_editor)
    # Like the first learner but for one unread notification; then but for the initial.
    with_unread = make_learner(make_user("lola@example.com"))
    Notification.objects.create(user=with_unread.user, kind="review", text="Approved")
    other_initial = make_learner(make_user("zoe@example.com"))
    for user in (AnonymousUser(), learner.user, mentor_and_editor, with_unread.user,
                 other_initial.user):  # fmt: skip
        request = rf.get(path)
        request.user = user
        request.resolver_match = resolve(path)
        get_token(request)
        account = Account(user)
        context = (
            {"account": account, "unread_notifications": lambda account=account: account.unread}
            if user.is_authenticated
            else {}
        )
        cached = Template(f'{{% menu "{template_name}" %}}').render(RequestContext(request, context))
        drawn = Template(f'{{% include "{template_name}" %}}').render(RequestContext(request, context))
        token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
        assert token.sub("", cached) == token.sub("", drawn)
        # Each sign-out form gets this request's own token.
        assert len(token.findall(cached)) == len(token.findall(drawn))
        for found in token.findall(cached):
            assert _unmask_cipher_token(found) == request.META["CSRF_COOKIE"]
        assert "\x00" not in cached


DATE_FORMATS = ["j M Y", "j M", "j F Y", "j F", "j M Y, H:i", "j M, H:i", "Y-m-d", "M Y",
                "H:i", "D j M Y", "d/m/Y n", "j F Y, H:i e", "DATE_FORMAT", r"j \d\e F", "N jS"]  # fmt: skip


@pytest.mark.parametrize("arg", DATE_FORMATS)
def test_the_date_filter_writes_what_djangos_writes(arg):
    """The builtin ``|date`` (apps.core.templatetags.site) against Django's own, for dates,
    aware datetimes shown in a learner's zone, and what it hands over to Django's."""
    from django.template import engines
    from django.template.defaultfilters import date as django_date
    from django.utils import timezone

    template = engines["django"].from_string("{{ value|date:arg }}")
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    values = [dt.date(2026, 1, 5), dt.date(987, 12, 31), dt.date(2026, 9, 27),
              dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC),
              dt.datetime(2026, 10, 25, 23, 59, tzinfo=dt.UTC), None, "", "not a date"]  # fmt: skip
    with timezone.override(berlin):
        for value in values:
            shown = timezone.localtime(value) if isinstance(value, dt.datetime) else value
            try:
                expected = django_date(shown, arg) if value not in (None, "") else ""
            except TypeError:  # a time format for a date: Django's refusal, unchanged
                with pytest.raises(TypeError):
                    template.render({"value": value, "arg": arg})
                continue
            assert template.render({"value": value, "arg": arg}) == str(expected), (value, arg)


@pytest.mark.parametrize(
    "source",
    ["{{ value|striptags }}", "{{ value|truncatechars:12 }}", "{{ value|truncatechars:'x' }}",
     "{{ value|markdown_inline|striptags|truncatechars:20 }}", "{{ safe|striptags }}",
     "{{ safe|truncatechars:5 }}", "{{ number|truncatechars:2 }}"],  # fmt: skip
)
def test_the_remembered_text_filters_write_what_djangos_write(source):
    from django.template import engines
    from django.template.base import Template as DjangoTemplate
    from django.template.engine import Engine
    from django.utils.safestring import mark_safe

    plain_django = Engine(builtins=["apps.core.templatetags.markdown"])
    context = {
        "value": 'Read <b>“Attention”</b> & <a href="x">the paper</a> <script>x</script> ' * 3,
        "safe": mark_safe("<em>already safe</em> & sound"),
        "number": 12345,
    }
    ours = engines["django"].from_string(source)
    for _ in range(2):  # the second time from what it remembered
        assert ours.render(context) == DjangoTemplate(source, engine=plain_django).render(
            Context(context)
        )


def test_the_quick_escape_is_djangos():
    from django.utils import html as django_html
    from django.utils.safestring import SafeString, mark_safe
    from django.utils.translation import gettext_lazy

    from apps.core.html import escape

    for text in ['<a href="x">Tom & Jerry\'s</a>', "", "plain", 42, None, mark_safe("<b>&</b>"),
                 gettext_lazy("Done"), "“quotes” — and ünïcode"]:  # fmt: skip
        ours = escape(text)
        assert ours == str(django_html.escape(text)) and type(ours) is SafeString
