"""The honest test of page 00: four yes/no questions, plus whether you can train a model,
suggest one of the four starting buckets."""

from __future__ import annotations

from dataclasses import dataclass

# Where the answer to "can you already train a model?" is kept among the question answers.
TRAINING_ANSWER = "can_train_model"


@dataclass(frozen=True)
class BucketRule:
    letter: str
    title: str
    min_yes: int
    max_yes: int
    needs_training: bool
    note: str = ""


@dataclass(frozen=True)
class Suggestion:
    letter: str
    reason: str


def suggest_bucket(
    *, yes_count: int, question_count: int, can_train: bool, rules: list[BucketRule]
) -> Suggestion:
    """Apply the text's rule: 0-1 yes → A, 2 → B, 3 → C (lean B if shaky), 4 yes and able to
    train a model → D. The rules come from the buckets' data, so an editor can change them."""
    if not 0 <= yes_count <= question_count:
        raise ValueError("yes_count out of range")
    matching = [r for r in rules if r.min_yes <= yes_count <= r.max_yes]
    trained = [r for r in matching if r.needs_training]
    untrained = [r for r in matching if not r.needs_training]
    chosen = (trained if can_train and trained else untrained or trained or [None])[0]
    if chosen is None:
        raise ValueError(f"no bucket covers {yes_count} yes answers")

    answered = f"You answered yes to {yes_count} of the {question_count} questions"
    if chosen.needs_training:
        reason = f"{answered} and can already train a model"
    elif yes_count == question_count and not can_train:
        reason = f"{answered} but cannot train a model yet"
    else:
        reason = answered
    reason += f": that is bucket {chosen.letter}, {chosen.title}."
    if chosen.note:
        reason += f" The text adds: {chosen.note}."
    return Suggestion(letter=chosen.letter, reason=reason)
