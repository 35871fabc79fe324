import pytest
from django.contrib.auth import get_user_model
from django.db.models import Model

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_get_by_pk_is_the_orms_row_by_a_written_out_query(django_assert_num_queries):
    User = get_user_model()
    user = make_user()
    orm = User.objects.filter(pk=user.pk).get()
    with django_assert_num_queries(1) as queries:
        fast = User.objects.get(pk=user.pk)
    assert "LIMIT" not in queries.captured_queries[0]["sql"]  # not the ORM's query
    for field in User._meta.concrete_fields:
        assert getattr(fast, field.attname) == getattr(orm, field.attname), field.name
    assert fast == orm and fast._state.adding is False and fast._state.db == "default"
    assert User.objects.get(pk=str(user.pk)) == orm  # as the session keeps it
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=user.pk + 1000)


def test_any_other_lookup_is_the_orms():
    User = get_user_model()
    user = make_user()
    assert User.objects.get(email=user.email) == user
    assert User.objects.get(pk=user.pk, is_active=True) == user
    with pytest.raises(ValueError):
        User.objects.get(pk="not a number")
    assert isinstance(User.objects.get(id=user.pk), Model)
