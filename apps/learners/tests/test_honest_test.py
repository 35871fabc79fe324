import pytest

from apps.learners.honest_test import BucketRule, suggest_bucket

RULES = [
    BucketRule("A", "Never coded", 0, 1, False),
    BucketRule("B", "Coded a bit", 2, 2, False),
    BucketRule("C", "Working programmer, not in ML", 3, 4, False, "lean B if shaky"),
    BucketRule("D", "ML-adjacent", 4, 4, True),
]


@pytest.mark.parametrize(
    ("yes", "can_train", "letter"),
    [
        (0, False, "A"), (1, False, "A"), (1, True, "A"), (2, False, "B"), (2, True, "B"),
        (3, False, "C"), (3, True, "C"), (4, False, "C"), (4, True, "D"),
    ],
)  # fmt: skip
def test_the_texts_scoring_rule(yes, can_train, letter):
    suggestion = suggest_bucket(yes_count=yes, question_count=4, can_train=can_train, rules=RULES)
    assert suggestion.letter == letter


def test_the_reason_explains_the_suggestion():
    c = suggest_bucket(yes_count=3, question_count=4, can_train=False, rules=RULES)
    assert c.reason == (
        "You answered yes to 3 of the 4 questions: that is bucket C, Working programmer, not in "
        "ML. The text adds: lean B if shaky."
    )
    d = suggest_bucket(yes_count=4, question_count=4, can_train=True, rules=RULES)
    assert "and can already train a model" in d.reason
    c4 = suggest_bucket(yes_count=4, question_count=4, can_train=False, rules=RULES)
    assert "but cannot train a model yet" in c4.reason


def test_out_of_range_counts_are_refused():
    with pytest.raises(ValueError):
        suggest_bucket(yes_count=5, question_count=4, can_train=False, rules=RULES)
    with pytest.raises(ValueError):
        suggest_bucket(yes_count=2, question_count=4, can_train=False, rules=RULES[:1])
