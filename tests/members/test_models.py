import pytest

from members.models import Member
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_a_local_member_is_named_by_its_city_in_sentences():
    assert make_member(name="Seoul, South Korea", kind=Member.Kind.LOCAL).short_name == "Seoul"
    assert make_member(name="Kenya").short_name == "Kenya"
