"""The roadmap as data. Every row has a stable ``key``: progress and edits refer to it."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models

from apps.core.reversing import reverse

STABLE_KEY_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
stable_key_validator = RegexValidator(
    STABLE_KEY_PATTERN, "Use lowercase letters, digits and single hyphens, e.g. python-baseline."
)


class StableKeyField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("validators", [stable_key_validator])
        kwargs.setdefault(
            "help_text", "Stable identifier: never change it once learners have progress."
        )
        super().__init__(*args, **kwargs)


class RoadmapInfo(models.Model):
    """The roadmap as a whole: its title, introduction and arc-wide facts."""

    key = StableKeyField(unique=True)
    title = models.CharField(max_length=200)
    tagline = models.TextField(blank=True)
    intro = models.TextField(blank=True, help_text="Markdown.")
    facts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "roadmap"
        verbose_name_plural = "roadmap"

    def __str__(self) -> str:
        return self.title


class Phase(models.Model):
    key = StableKeyField(unique=True)
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    month_start = models.PositiveSmallIntegerField(validators=[MaxValueValidator(12)])
    month_end = models.PositiveSmallIntegerField(validators=[MaxValueValidator(12)])
    what_you_do = models.TextField(help_text="Markdown.")
    feels_like = models.TextField(help_text="Markdown.")
    ready_signal_label = models.CharField(max_length=120)
    ready_signal = models.TextField(help_text="Markdown.")

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month_end__gte=models.F("month_start")),
                name="phase_months_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"Months {self.months_label}: {self.title}"

    @property
    def months_label(self) -> str:
        if self.month_start == self.month_end:
            return str(self.month_start)
        return f"{self.month_start}–{self.month_end}"


class DemoralizingMonth(models.Model):
    month = models.PositiveSmallIntegerField(unique=True, validators=[MaxValueValidator(12)])
    thought = models.TextField()
    advice = models.TextField()

    class Meta:
        ordering = ["month"]

    def __str__(self) -> str:
        return f"Month {self.month}"


class Bucket(models.Model):
    """One of the four starting points, with its timeline and the honest test's rule for it."""

    key = StableKeyField(unique=True)
    letter = models.CharField(max_length=1, unique=True)
    title = models.CharField(max_length=120)
    description = models.TextField(help_text="Markdown.")
    reality = models.TextField(help_text="Markdown.")
    months_min = models.PositiveSmallIntegerField()
    months_max = models.PositiveSmallIntegerField()
    ai_months_min = models.PositiveSmallIntegerField(null=True, blank=True)
    ai_months_max = models.PositiveSmallIntegerField(null=True, blank=True)
    start_with = models.TextField(help_text="Markdown.")
    test_min_yes = models.PositiveSmallIntegerField()
    test_max_yes = models.PositiveSmallIntegerField()
    test_needs_training = models.BooleanField(default=False)
    test_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["letter"]

    def __str__(self) -> str:
        return f"{self.letter}. {self.title}"


class HonestTestQuestion(models.Model):
    key = StableKeyField(unique=True)
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    is_training_question = models.BooleanField(
        default=False, help_text="The extra question that separates bucket D from C."
    )

    class Meta:
        ordering = ["is_training_question", "order"]

    def __str__(self) -> str:
        return self.text


class Specialization(models.Model):
    key = StableKeyField(unique=True)
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    short_title = models.CharField(max_length=60)
    day_to_day = models.TextField(help_text="Markdown.")
    skills = models.TextField(help_text="Markdown.")
    salary_early = models.CharField(max_length=60)
    salary_senior = models.CharField(max_length=60)
    salary_early_min_k = models.PositiveIntegerField()
    salary_early_max_k = models.PositiveIntegerField()
    salary_senior_min_k = models.PositiveIntegerField()
    salary_senior_max_k = models.PositiveIntegerField()
    salary_open_ended = models.BooleanField(default=False)
    hiring_outlook = models.TextField(help_text="Markdown.")
    break_in = models.TextField(help_text="Markdown.")
    background_fit = models.TextField(blank=True, help_text="Markdown.")
    reading = models.TextField(blank=True, help_text="Markdown.")
    papers_per_month = models.PositiveSmallIntegerField(null=True, blank=True)
    year_two_focus = models.TextField(blank=True, help_text="Markdown.")

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title


class RecommendedProject(models.Model):
    """An open-source project the roadmap recommends contributing to for a specialization."""

    specialization = models.ForeignKey(
        Specialization, on_delete=models.CASCADE, related_name="oss_projects"
    )
    repo = models.CharField(max_length=120, help_text="owner/name on GitHub")
    note = models.CharField(max_length=120, blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["specialization__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["specialization", "repo"], name="unique_project_per_specialization"
            )
        ]

    def __str__(self) -> str:
        return self.repo

    @property
    def url(self) -> str:
        return f"https://github.com/{self.repo}"


class ContentQuerySet(models.QuerySet):
    """Bulk writes skip the save signals that mark a new content revision: they mark it
    themselves (apps.curriculum.revision)."""

    def update(self, **kwargs):
        from .revision import bump_content_revision

        count = super().update(**kwargs)
        bump_content_revision()
        return count

    def bulk_create(self, *args, **kwargs):
        from .revision import bump_content_revision

        created = super().bulk_create(*args, **kwargs)
        bump_content_revision()
        return created

    def bulk_update(self, *args, **kwargs):
        from .revision import bump_content_revision

        count = super().bulk_update(*args, **kwargs)
        bump_content_revision()
        return count


class PageQuerySet(ContentQuerySet):
    def published(self):
        return self.filter(is_published=True)


class Page(models.Model):
    slug = StableKeyField(unique=True)
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="pages")
    summary = models.TextField(help_text="Markdown: what this session is.")
    body = models.TextField(
        help_text="Markdown. A line [[checklist:KEY]] or [[block:NAME]] places that content."
    )
    facts = models.JSONField(default=dict, blank=True)
    is_published = models.BooleanField(default=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number:02d} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("curriculum:page", kwargs={"slug": self.slug})

    @property
    def number_label(self) -> str:
        return f"{self.number:02d}"


class FrequentQuestion(models.Model):
    """One entry of a page's "What you might wonder"."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="faqs")
    key = StableKeyField()
    order = models.PositiveSmallIntegerField()
    question = models.TextField()
    answer = models.TextField(help_text="Markdown.")

    class Meta:
        ordering = ["page__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["page", "key"], name="unique_faq_key_per_page")
        ]

    def __str__(self) -> str:
        return self.question


class ChecklistKind(models.TextChoices):
    DONE = "done", "Done list"
    SKILLS = "skills", "Skills"
    READING = "reading", "Reading"
    PRACTICE = "practice", "Practice"
    PLAN = "plan", "Plan"
    STANDARD = "standard", "Standard"
    FLAGS = "flags", "Flags"
    AVOID = "avoid", "Avoid"


class ChecklistRole(models.TextChoices):
    """How the text uses a list (fixtures/README.md, "Checklist roles")."""

    DO = "do", "Things to do"
    RUBRIC = "rubric", "Rubric"
    PITFALL = "pitfall", "Pitfalls"


ROLE_OF_KIND = {
    ChecklistKind.DONE: ChecklistRole.DO,
    ChecklistKind.SKILLS: ChecklistRole.DO,
    ChecklistKind.READING: ChecklistRole.DO,
    ChecklistKind.PRACTICE: ChecklistRole.DO,
    ChecklistKind.PLAN: ChecklistRole.DO,
    ChecklistKind.STANDARD: ChecklistRole.RUBRIC,
    ChecklistKind.FLAGS: ChecklistRole.RUBRIC,
    ChecklistKind.AVOID: ChecklistRole.PITFALL,
}


class RubricTarget(models.TextChoices):
    """The record a rubric is applied to, one at a time."""

    APPLICATION = "application", "Each job application"
    APPLICATION_INTERVIEW = "application-interview", "A job application at the interview stages"
    APPLICATION_OFFER = "application-offer", "A job application at the offer stage"
    PAPER = "paper", "Each paper logged"
    PROJECT = "project", "Each portfolio project"
    PROJECT_PRODUCT_DEMO = "project-product-demo", "A product-demo project"
    PROJECT_PAPER = "project-paper-reproduction", "A reproduced-paper project"
    PROJECT_OSS = "project-oss-contribution", "An open-source-contribution project"
    FOOTPRINT = "footprint", "The learner's public footprint"


# Only things to do are ticked on the roadmap and make up progress.
DO_KINDS = [kind.value for kind, role in ROLE_OF_KIND.items() if role == ChecklistRole.DO]
# Default effort of one item, in hours, where the text gives no estimate (fixtures/README.md).
DEFAULT_EFFORT_HOURS = {
    ChecklistKind.DONE: 0.5,
    ChecklistKind.SKILLS: 1.5,
    ChecklistKind.READING: 2.0,
    ChecklistKind.PRACTICE: 1.0,
    ChecklistKind.PLAN: 2.0,
}


def effort_hours(meta: dict | None, kind: str) -> float:
    """An item's effort: the text's estimate where it gives one (``meta.effort_hours``), else
    the default for its checklist's kind."""
    given = meta.get("effort_hours") if isinstance(meta, dict) else None
    if isinstance(given, int | float) and not isinstance(given, bool) and given > 0:
        return float(given)
    return DEFAULT_EFFORT_HOURS.get(kind, 1.0)


class ChecklistQuerySet(ContentQuerySet):
    def active(self):
        return self.filter(is_retired=False)

    def things_to_do(self):
        return self.filter(kind__in=DO_KINDS)


class Checklist(models.Model):
    key = StableKeyField(unique=True)
    page = models.ForeignKey(Page, on_delete=models.PROTECT, related_name="checklists")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=ChecklistKind.choices)
    applies_to = models.CharField(
        max_length=32, blank=True, choices=RubricTarget.choices,
        help_text="Rubrics (standard, flags): the record they are applied to.",
    )  # fmt: skip
    intro = models.TextField(blank=True, help_text="Markdown.")
    order = models.PositiveSmallIntegerField()
    is_retired = models.BooleanField(default=False)

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        ordering = ["page__number", "order"]
        indexes = [models.Index(fields=["page", "order"])]
        constraints = [
            models.UniqueConstraint(
                fields=["page"],
                condition=models.Q(kind="done", is_retired=False),
                name="one_done_list_per_page",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        rubric = ROLE_OF_KIND.get(self.kind) == ChecklistRole.RUBRIC
        if rubric and not self.applies_to:
            raise ValidationError({"applies_to": "A rubric is applied to a kind of record."})
        if not rubric and self.applies_to:
            raise ValidationError({"applies_to": "Only rubrics apply to records."})

    def get_absolute_url(self) -> str:
        return f"{self.page.get_absolute_url()}#checklist-{self.key}"

    @property
    def role(self) -> str:
        return ROLE_OF_KIND[self.kind]

    @property
    def is_tickable(self) -> bool:
        return self.role == ChecklistRole.DO


class ChecklistItemQuerySet(ContentQuerySet):
    def active(self):
        return self.filter(is_retired=False)


class ChecklistItem(models.Model):
    key = StableKeyField(unique=True)
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="items")
    order = models.PositiveSmallIntegerField()
    section = models.CharField(max_length=120, blank=True)
    text = models.TextField(help_text="Markdown (one line).")
    detail = models.TextField(blank=True, help_text="Markdown.")
    url = models.URLField(blank=True, max_length=500)
    meta = models.JSONField(default=dict, blank=True)
    is_retired = models.BooleanField(default=False)

    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        ordering = ["checklist__page__number", "checklist__order", "order"]
        indexes = [models.Index(fields=["checklist", "order"])]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return f"{self.checklist.page.get_absolute_url()}#item-{self.key}"

    @property
    def effort_hours(self) -> float:
        return effort_hours(self.meta, self.checklist.kind)


class ContentChange(models.Model):
    """Who changed which piece of the roadmap, when, and what it was before and after."""

    class Action(models.TextChoices):
        ADD = "add", "Added"
        CHANGE = "change", "Changed"
        DELETE = "delete", "Deleted"
        RETIRE = "retire", "Retired"
        RESTORE = "restore", "Restored"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user_email = models.EmailField(blank=True, help_text="Kept if the account is deleted.")
    model = models.CharField(max_length=60)
    object_key = models.CharField(max_length=120)
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField(default=dict, blank=True, help_text="field → [before, after]")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_key"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model} {self.object_key}"


class ContentRevision(models.Model):
    """A single row whose value changes whenever the content does: what is built from content
    is cached under it (apps.curriculum.revision). A database without the row (new, or
    flushed) gets a new value, so nothing cached for other content can be mistaken for it."""

    value = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.value
