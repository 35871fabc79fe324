"""The evidence half of the roadmap: projects, papers, pull requests, public posts and the
job search. Every record belongs to one learner and is only ever reached through them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from apps.curriculum.models import ChecklistItem

from . import rubrics

Owner = settings.AUTH_USER_MODEL
ARXIV_ID = RegexValidator(r"^\d{4}\.\d{4,5}(v\d+)?$", "An arXiv id looks like 2305.18290.")
OWNER_SLASH_NAME = RegexValidator(
    r"^[\w.-]+/[\w.-]+$", "Write it as owner/name, e.g. vllm-project/vllm."
)


def _dates_in_order(pairs: list[tuple[str, str, object, object]]) -> dict[str, str]:
    errors = {}
    for later_name, earlier_label, earlier, later in pairs:
        if earlier and later and later < earlier:
            errors[later_name] = f"Cannot be before the {earlier_label}."
    return errors


class Project(models.Model):
    class Slot(models.TextChoices):
        PRODUCT_DEMO = "product-demo", "1. A clear product demo"
        PAPER = "paper-reproduction", "2. A reproduced or extended paper"
        OSS = "oss-contribution", "3. An open-source contribution"
        EXTRA = "extra", "Extra project"

    class Status(models.TextChoices):
        IDEA = "idea", "Idea"
        BUILDING = "building", "Building"
        LIVE = "live", "Live"
        WRITTEN_UP = "written_up", "Written up"

    user = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="projects")
    slot = models.CharField(max_length=20, choices=Slot.choices, default=Slot.EXTRA)
    title = models.CharField(max_length=120)
    summary = models.CharField("one-sentence summary", max_length=240)
    repository_url = models.URLField(blank=True, max_length=500)
    demo_url = models.URLField("live demo", blank=True, max_length=500)
    writeup_url = models.URLField("write-up", blank=True, max_length=500)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IDEA)
    started_on = models.DateField(null=True, blank=True)
    finished_on = models.DateField(null=True, blank=True)
    evaluation = models.TextField("evaluation notes", blank=True, max_length=5000)
    limitations = models.TextField("limitations", blank=True, max_length=5000)
    risk_keys = models.JSONField(
        default=list, blank=True, help_text="Keys of the text's 'what kills it' items."
    )
    strength_keys = models.JSONField(
        default=list, blank=True, help_text="Keys of the text's 'what makes it strong' items."
    )
    pinned = models.BooleanField(default=False, help_text="Shown on your public page.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slot", "-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "slot"],
                condition=~models.Q(slot="extra"),
                name="one_project_per_portfolio_slot",
            )
        ]
        indexes = [models.Index(fields=["user", "pinned"])]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = _dates_in_order([("finished_on", "start date", self.started_on,
                                   self.finished_on)])  # fmt: skip
        if self.finished_on and not self.started_on:
            errors["started_on"] = "Give the start date too."
        if errors:
            raise ValidationError(errors)


class PolishCheck(models.Model):
    """One item of the polish standard, ticked for one project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="polish")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "item"], name="one_polish_tick_per_item")
        ]


class PaperRead(models.Model):
    class Mode(models.TextChoices):
        SKIM = "skim", "Skim (5 minutes)"
        DEEP = "deep", "Deep read (2-3 hours)"

    user = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="papers")
    paper = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="One of the text's ten papers, if it is one.",
    )  # fmt: skip
    title = models.CharField(max_length=240)
    url = models.URLField("link", blank=True, max_length=500)
    arxiv_id = models.CharField(
        "arXiv id",
        max_length=20,
        blank=True,
        validators=[ARXIV_ID],
    )
    mode = models.CharField(max_length=4, choices=Mode.choices, default=Mode.SKIM)
    read_on = models.DateField()
    new_idea = models.TextField("what's the new idea", blank=True, max_length=2000)
    why_it_matters = models.TextField("why does it matter", blank=True, max_length=2000)
    baseline = models.TextField("what was the baseline", blank=True, max_length=2000)
    cost = models.TextField("what does it cost", blank=True, max_length=2000)
    what_i_would_do = models.TextField("what would I do with it", blank=True, max_length=2000)
    tell_keys = models.JSONField(
        default=list, blank=True, help_text="'How to know if a paper is solid': honest tells."
    )
    red_flag_keys = models.JSONField(
        default=list, blank=True, help_text="'How to know if a paper is solid': red flags."
    )

    NOTE_FIELDS = ["new_idea", "why_it_matters", "baseline", "cost", "what_i_would_do"]

    class Meta:
        ordering = ["-read_on", "-id"]
        indexes = [models.Index(fields=["user", "read_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def verdict(self) -> rubrics.Verdict:
        return rubrics.paper_verdict(tells=len(self.tell_keys), red_flags=len(self.red_flag_keys))

    def clean(self):
        if self.mode == self.Mode.DEEP:
            missing = {
                name: "A deep read needs the five-sentence note: answer this."
                for name in self.NOTE_FIELDS
                if not getattr(self, name).strip()
            }
            if missing:
                raise ValidationError(missing)


class Contribution(models.Model):
    class Kind(models.TextChoices):
        DOCS = "docs", "Documentation"
        TYPO = "typo", "Typo fix"
        BUG = "bug", "Bug fix"
        FEATURE = "feature", "Feature"
        TEST = "test", "Tests"
        OTHER = "other", "Other"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        MERGED = "merged", "Merged"
        CLOSED = "closed", "Closed"

    user = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="contributions")
    repository = models.CharField(max_length=120, validators=[OWNER_SLASH_NAME])
    pr_url = models.URLField("pull request", max_length=500)
    title = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.BUG)
    state = models.CharField(max_length=6, choices=State.choices, default=State.OPEN)
    opened_on = models.DateField()
    merged_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(merged_on__isnull=True)
                | models.Q(merged_on__gte=models.F("opened_on")),
                name="merged_not_before_opened",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.pr_url

    def clean(self):
        errors = _dates_in_order([("merged_on", "date it was opened", self.opened_on,
                                   self.merged_on)])  # fmt: skip
        if self.state == self.State.MERGED and not self.merged_on:
            errors["merged_on"] = "When was it merged?"
        if self.state != self.State.MERGED and self.merged_on:
            errors["merged_on"] = "Only a merged pull request has a merge date."
        if errors:
            raise ValidationError(errors)


class PublicPost(models.Model):
    class Kind(models.TextChoices):
        POST = "post", "Blog post"
        DEMO = "demo", "Demo"
        MODEL = "model", "Published model"
        DATASET = "dataset", "Published dataset"
        VIDEO = "video", "Video"
        THREAD = "thread", "Thread or short post"

    user = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="public_posts")
    title = models.CharField(max_length=200)
    url = models.URLField("link", max_length=500)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.POST)
    published_on = models.DateField()

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Application(models.Model):
    class Stage(models.TextChoices):
        APPLIED = "applied", "Applied"
        REPLIED = "replied", "Replied"
        FIRST_ROUND = "first_round", "First round"
        FINAL_ROUND = "final_round", "Final round"
        OFFER = "offer", "Offer"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    user = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="applications")
    company = models.CharField(max_length=120)
    role = models.CharField(max_length=120)
    url = models.URLField("posting", blank=True, max_length=500)
    salary_band = models.CharField("posted salary band", max_length=80, blank=True)
    red_flag_keys = models.JSONField(default=list, blank=True)
    green_flag_keys = models.JSONField(default=list, blank=True)
    research_keys = models.JSONField(
        default=list, blank=True, help_text="Company research steps that checked out well."
    )
    take_home_keys = models.JSONField(default=list, blank=True)
    negotiation_keys = models.JSONField(default=list, blank=True)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.APPLIED)
    applied_on = models.DateField()
    replied_on = models.DateField(null=True, blank=True)
    first_round_on = models.DateField(null=True, blank=True)
    final_round_on = models.DateField(null=True, blank=True)
    offer_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField("rejected or withdrawn on", null=True, blank=True)
    notes = models.TextField(blank=True, max_length=5000)

    STAGE_DATES = [
        ("replied_on", "reply"),
        ("first_round_on", "first round"),
        ("final_round_on", "final round"),
        ("offer_on", "offer"),
    ]

    class Meta:
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["user", "stage"])]

    def __str__(self) -> str:
        return f"{self.role} at {self.company}"

    @property
    def verdict(self) -> rubrics.Verdict:
        return rubrics.application_verdict(
            red=len(self.red_flag_keys),
            green=len(self.green_flag_keys),
            research=len(self.research_keys),
        )

    @property
    def reached_interviews(self) -> bool:
        return bool(self.first_round_on or self.final_round_on or self.reached_offer) or (
            self.stage in {self.Stage.FIRST_ROUND, self.Stage.FINAL_ROUND}
        )

    @property
    def reached_offer(self) -> bool:
        return self.stage == self.Stage.OFFER or self.offer_on is not None

    def clean(self):
        errors = {}
        for name, label in [*self.STAGE_DATES, ("closed_on", "close")]:
            value = getattr(self, name)
            if value and self.applied_on and value < self.applied_on:
                errors[name] = f"The {label} cannot come before you applied."
        if self.stage in {self.Stage.REJECTED, self.Stage.WITHDRAWN} and not self.closed_on:
            errors["closed_on"] = "When did it end?"
        if errors:
            raise ValidationError(errors)


class InterviewPractice(models.Model):
    user = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="interview_practice")
    question = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    confidence = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    times_practised = models.PositiveIntegerField(default=1)
    last_practised_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="one_practice_per_question")
        ]


class BehavioralStory(models.Model):
    user = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="stories")
    theme = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=120)
    situation = models.TextField(max_length=2000)
    task = models.TextField(max_length=2000)
    action = models.TextField(max_length=2000)
    result = models.TextField(max_length=2000)

    class Meta:
        verbose_name_plural = "behavioral stories"
        constraints = [
            models.UniqueConstraint(fields=["user", "theme"], name="one_story_per_theme")
        ]


class PublicFootprint(models.Model):
    """The learner's public footprint as a whole, and the rubric applied to it: "the same
    three projects everywhere"."""

    user = models.OneToOneField(Owner, on_delete=models.CASCADE, related_name="footprint")
    same_three_keys = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}'s public footprint"
