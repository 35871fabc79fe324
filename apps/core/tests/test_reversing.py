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
