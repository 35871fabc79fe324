"""The content editor role: a group that may edit the roadmap's content and nothing else."""

CONTENT_EDITORS = "Content editors"
CONTENT_MODELS = [
    "roadmapinfo", "phase", "demoralizingmonth", "bucket", "honesttestquestion",
    "specialization", "recommendedproject", "page", "frequentquestion", "checklist",
    "checklistitem",
]  # fmt: skip
CODENAMES = [
    f"{action}_{model}"
    for model in CONTENT_MODELS
    for action in ("add", "change", "delete", "view")
] + ["view_contentchange"]


def sync_content_editor_group(group_model, permission_model):
    """Create the group if needed and give it exactly the content permissions. Takes the
    model classes so that a migration can pass its historical models."""
    group, _ = group_model.objects.get_or_create(name=CONTENT_EDITORS)
    group.permissions.set(
        permission_model.objects.filter(
            content_type__app_label="curriculum", codename__in=CODENAMES
        )
    )
    return group
