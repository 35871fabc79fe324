"""Issue 12 moved some checklists from "things to do" to rubrics applied to one record. A learner
who ticked such an item on the roadmap page keeps that row (it stays in their export); where
the tick can only mean one record, it is also carried onto that record:

- a project type's "what makes it strong" → the learner's project in that slot (one per slot);
- "the same three projects everywhere" → the learner's public footprint;
- negotiation steps → every application of theirs at the offer stage.

Ticks whose record is ambiguous (red/green flags without a posting, the polish standard with
several projects, paper tells without a paper) stay only on the item rows.
"""

from django.db import migrations

STRENGTHS_BY_SLOT = {
    "product-demo": "portfolio-demo-strengths",
    "paper-reproduction": "portfolio-paper-strengths",
    "oss-contribution": "portfolio-oss-strengths",
}
SAME_THREE = "portfolio-same-three-everywhere"
NEGOTIATION = "interview-negotiation-steps"


def _merged(existing, keys):
    return sorted(set(existing) | set(keys))


def carry_ticks(apps, schema_editor):
    ItemProgress = apps.get_model("checklists", "ItemProgress")
    Project = apps.get_model("portfolio", "Project")
    Application = apps.get_model("portfolio", "Application")
    PublicFootprint = apps.get_model("portfolio", "PublicFootprint")
    checklists = [*STRENGTHS_BY_SLOT.values(), SAME_THREE, NEGOTIATION]
    ticks: dict[tuple[int, str], list[str]] = {}
    for user_id, checklist_key, item_key in ItemProgress.objects.filter(
        state="done", item__checklist__key__in=checklists
    ).values_list("user_id", "item__checklist__key", "item__key"):
        ticks.setdefault((user_id, checklist_key), []).append(item_key)
    for (user_id, checklist_key), keys in ticks.items():
        if checklist_key == SAME_THREE:
            footprint, _ = PublicFootprint.objects.get_or_create(user_id=user_id)
            footprint.same_three_keys = _merged(footprint.same_three_keys, keys)
            footprint.save(update_fields=["same_three_keys"])
        elif checklist_key == NEGOTIATION:
            for application in Application.objects.filter(user_id=user_id, stage="offer"):
                application.negotiation_keys = _merged(application.negotiation_keys, keys)
                application.save(update_fields=["negotiation_keys"])
        else:
            slot = next(s for s, key in STRENGTHS_BY_SLOT.items() if key == checklist_key)
            for project in Project.objects.filter(user_id=user_id, slot=slot):
                project.strength_keys = _merged(project.strength_keys, keys)
                project.save(update_fields=["strength_keys"])


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0002_rubrics_on_records"),
        ("checklists", "0001_initial"),
        ("curriculum", "0004_checklist_applies_to"),
    ]

    operations = [migrations.RunPython(carry_ticks, migrations.RunPython.noop)]
