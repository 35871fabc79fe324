"""Reads of a learner's portfolio records, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import json
from collections import namedtuple
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, JSONField

from apps.core.db import model_columns, row_objects, written_sql
from apps.curriculum.models import ChecklistItem, Page, RecommendedProject
from apps.curriculum.revision import cached_content

from . import rubrics
from .funnel import STAGE_DATE, Funnel, VerdictSplit, funnel, replies_by_verdict
from .models import (
    Application,
    BehavioralStory,
    Contribution,
    InterviewPractice,
    PaperRead,
    PolishCheck,
    Project,
    PublicFootprint,
    PublicPost,
)

POLISH_CHECKLIST = "portfolio-polish-standard"
DEEP_READS_PER_WEEK = 1  # "Maybe one paper a week, read deeply."
SKIMS_PER_WEEK = 10  # "~10 papers per week"
POST_EVERY_DAYS = 14  # "Post once every 1-2 weeks."
SAME_THREE_CHECKLIST = "portfolio-same-three-everywhere"


def items(checklist_key: str) -> list[ChecklistItem]:
    return list(
        ChecklistItem.objects.active().filter(checklist__key=checklist_key).order_by("order")
    )


def items_by_key(keys) -> dict[str, ChecklistItem]:
    return {i.key: i for i in ChecklistItem.objects.filter(key__in=list(keys))}


@dataclass(frozen=True)
class PortfolioContent:
    """What the portfolio pages take from the roadmap's text: the same for everyone, so read
    once per content revision (apps.curriculum.revision)."""

    strength_totals: dict[str, int]  # project type → "what makes it strong" items
    polish_total: int  # items of the polish standard
    application_math: dict  # the job search's numbers
    places: tuple[tuple[int, str, str], ...]  # "same three everywhere": id, key, text


def portfolio_content() -> PortfolioContent:
    return cached_content("portfolio", _portfolio_content, copy=False)  # read-only


def _portfolio_content() -> PortfolioContent:
    page = Page.objects.filter(slug="evaluating-job-postings").only("facts").first()
    return PortfolioContent(
        strength_totals=_strength_totals(),
        polish_total=ChecklistItem.objects.active().filter(checklist__key=POLISH_CHECKLIST).count(),
        application_math=(page.facts if page else {}).get("application_math", {}),
        places=tuple(
            ChecklistItem.objects.active()
            .filter(checklist__key=SAME_THREE_CHECKLIST)
            .order_by("order")
            .values_list("id", "key", "text")
        ),
    )


def projects(*, user) -> list[Project]:
    """The learner's projects, each with ``polish_done``: its ticks of
    the polish standard. Written out: on every mentee page and the portfolio's, compiling
    the ORM's query with its Count annotation cost more than running it (profiled)."""
    with connection.cursor() as cursor:
        cursor.execute(_projects_sql(), [user.pk])
        return _projects(cursor.fetchall())


def _projects(rows) -> list[Project]:
    found = []
    for row in rows:
        (project,) = row_objects(row[:-1], Project)
        project.polish_done = row[-1]
        found.append(project)
    return found


@lru_cache(maxsize=1)
def _projects_sql() -> str:
    columns = model_columns(Project, "p")
    # In the order of their ids: the ORM's query, with its Count, left out the model's
    # ordering (Django drops Meta.ordering from GROUP BY queries) and PostgreSQL grouped
    # by id, so the pages have always listed them so.
    return (
        f"SELECT {columns}, (SELECT COUNT(*) FROM {PolishCheck._meta.db_table} AS c "  # noqa: S608
        f"WHERE c.project_id = p.id) FROM {Project._meta.db_table} AS p "
        "WHERE p.user_id = %s ORDER BY p.id"
    )


def _strength_totals() -> dict[str, int]:
    """Project type → how many "what makes it strong" items the text lists for it."""
    checklist_slot = {
        strengths: slot for slot, (strengths, _) in rubrics.PROJECT_TYPE_RUBRICS.items()
    }
    counts = (
        ChecklistItem.objects.active()
        .filter(checklist__key__in=checklist_slot)
        .values_list("checklist__key")
        .annotate(n=Count("id"))
    )
    return {checklist_slot[key]: n for key, n in counts}


def with_project_verdicts(records, content: PortfolioContent | None = None) -> list[Project]:
    """The projects, each with ``verdict``: its type's strengths and what kills it."""
    records = list(records)
    totals = (content or portfolio_content()).strength_totals if records else {}
    for project in records:
        project.verdict = rubrics.project_verdict(
            strengths=len(project.strength_keys),
            strengths_total=totals.get(project.slot, 0),
            killers=len(project.risk_keys),
        )
    return records


def project_detail(*, project: Project) -> dict:
    polish = items(POLISH_CHECKLIST)
    ticked = set(PolishCheck.objects.filter(project=project).values_list("item_id", flat=True))
    risks = list(ChecklistItem.objects.filter(key__in=project.risk_keys).order_by("order"))
    slot_item = ChecklistItem.objects.filter(
        checklist__key="portfolio-projects", meta__slot=project.slot
    ).first()
    strengths_key, _ = rubrics.PROJECT_TYPE_RUBRICS.get(project.slot, ("", ""))
    strengths = items(strengths_key) if strengths_key else []
    for item in strengths:
        item.has_it = item.key in project.strength_keys
    project.verdict = rubrics.project_verdict(
        strengths=sum(1 for item in strengths if item.has_it),
        strengths_total=len(strengths),
        killers=len(risks),
    )
    return {"polish": polish, "ticked": ticked, "risks": risks, "slot_item": slot_item,
            "strengths": strengths}  # fmt: skip


@dataclass
class Footprint:
    record: PublicFootprint
    places: list[ChecklistItem]
    pinned: list[Project]
    verdict: rubrics.Verdict


def footprint(*, user, all_projects: list[Project] | None = None,
              content: PortfolioContent | None = None) -> Footprint:  # fmt: skip
    """The learner's public footprint and "the same three projects everywhere" applied to it.
    ``all_projects``: the learner's projects if already loaded (saves a query)."""
    if all_projects is None:
        all_projects = list(
            Project.objects.filter(user=user, pinned=True).only("title", "slot", "pinned")
        )
    return _footprint(_footprint_record(user) or PublicFootprint(user=user), all_projects,
                      content or portfolio_content())  # fmt: skip


def _footprint(record: PublicFootprint, all_projects: list[Project],
               content: PortfolioContent) -> Footprint:  # fmt: skip
    places = [ChecklistItem(pk=pk, key=key, text=text)
              for pk, key, text in content.places]  # fmt: skip
    for place in places:
        place.has_it = place.key in record.same_three_keys
    pinned = [project for project in all_projects if project.pinned]
    verdict = rubrics.footprint_verdict(
        places=sum(1 for place in places if place.has_it), total=len(places)
    )
    return Footprint(record, places, pinned, verdict)


def _footprint_record(user) -> PublicFootprint | None:
    """``PublicFootprint.objects.filter(user=user).first()``, written out (one row at most:
    the user is unique)."""
    with connection.cursor() as cursor:
        cursor.execute(_footprint_sql(), [user.pk])
        row = cursor.fetchone()
    return None if row is None else row_objects(row, PublicFootprint)[0]


@lru_cache(maxsize=1)
def _footprint_sql() -> str:
    return written_sql(
        f"SELECT {model_columns(PublicFootprint)} FROM {{footprints}} "  # noqa: S608 - columns from the model
        "WHERE user_id = %s ORDER BY id ASC LIMIT 1",
        footprints=PublicFootprint,
    )


@dataclass
class RubricList:
    label: str
    items: list[ChecklistItem]


def with_rubric_lists(records_by_type: dict[str, list]) -> None:
    """Give each record ``rubric_lists``: every rubric of its type with the items ticked on it,
    resolved from keys to the text's items in one query."""
    keys = {
        key
        for record_type, records in records_by_type.items()
        for record in records
        for name, *_ in rubrics.RUBRIC_FIELDS[record_type]
        for key in getattr(record, name)
    }
    by_key = items_by_key(keys) if keys else {}
    for record_type, records in records_by_type.items():
        for record in records:
            record.rubric_lists = [
                RubricList(label, [by_key[k] for k in getattr(record, name) if k in by_key])
                for name, _, _, label in rubrics.RUBRIC_FIELDS[record_type]
                if getattr(record, name)
            ]


def _shared_rows(model, learner, columns: list[str], record_type: str) -> list:
    """The learner's records of one type, in the model's order, with only the columns a
    mentor sees (not a paper's five-sentence note, nor a posting's notes) and the rubric
    keys: from a written-out query (compiling it and converting each field cost more than
    reading the records; profiled). A list of keys comes as an array of text, which the
    driver decodes, not as JSON to decode here; anything else as JSON."""
    wanted = {"id", *columns, *(name for name, *_ in rubrics.RUBRIC_FIELDS[record_type])}
    fields = [f for f in model._meta.concrete_fields if f.attname in wanted]  # from_db's order
    selected = []
    for f in fields:
        if isinstance(f, JSONField):
            array = f"jsonb_typeof({f.column}) = 'array'"
            selected += [
                f"CASE WHEN {array} THEN ARRAY(SELECT jsonb_array_elements_text({f.column})) END",
                f"CASE WHEN {array} THEN NULL ELSE {f.column} END",
            ]
        else:
            selected += [f.column, "NULL"]
    order = ", ".join(
        f"{name[1:]} DESC" if name.startswith("-") else name for name in model._meta.ordering
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(selected)} FROM {model._meta.db_table} "  # noqa: S608
            f"WHERE user_id = %s ORDER BY {order}",
            [learner.pk],
        )
        rows = cursor.fetchall()
    names = [f.attname for f in fields]
    return [
        model.from_db(connection.alias, names,
                      [json.loads(other) if other is not None else value
                       for value, other in zip(row[::2], row[1::2], strict=True)])
        for row in rows
    ]  # fmt: skip


def shared_records(*, learner, portfolio: bool, papers: bool, job_search: bool) -> dict:
    """What a mentor sees of a mentee's records, with each record's rubric results: only the
    record types the learner shares. A fixed number of queries whatever the number of
    records."""
    shared: dict = {}
    if portfolio:
        content = portfolio_content()
        shared["projects"] = with_project_verdicts(projects(user=learner), content)
        shared["footprint"] = footprint(user=learner, all_projects=shared["projects"],
                                        content=content)  # fmt: skip
        shared["polish_total"] = content.polish_total
    if papers:
        shared["papers"] = _shared_rows(PaperRead, learner, ["title", "mode", "read_on"], "paper")
    if job_search:
        shared["applications"] = _shared_rows(Application, learner, ["company", "role", "stage"],
                                              "application")  # fmt: skip
    with_rubric_lists(
        {
            record_type: shared[name]
            for record_type, name in [
                ("project", "projects"),
                ("paper", "papers"),
                ("application", "applications"),
            ]
            if name in shared
        }  # fmt: skip
    )
    return shared


@dataclass
class PaperPace:
    deep_this_week: int
    skims_this_week: int
    deep_target: int = DEEP_READS_PER_WEEK
    skim_target: int = SKIMS_PER_WEEK
    ten_read: int = 0


def paper_pace(*, user, today: dt.date) -> PaperPace:
    with connection.cursor() as cursor:
        cursor.execute(_PACE_SQL, _pace_parameters(user, today))
        return _pace(cursor.fetchone())


# The week's reads by mode and the distinct papers of the ten, in one pass over the learner's
# reads (written out: compiling the ORM's two queries cost more than running them).
_PACE_SQL = written_sql(
    """
    SELECT count(*) FILTER (WHERE mode = %s AND read_on BETWEEN %s AND %s),
           count(*) FILTER (WHERE mode = %s AND read_on BETWEEN %s AND %s),
           count(DISTINCT paper_id)
      FROM {papers} WHERE user_id = %s
    """,
    papers=PaperRead,
)


def _pace_parameters(user, today: dt.date) -> list:
    monday = today - dt.timedelta(days=today.weekday())
    return [PaperRead.Mode.DEEP, monday, today, PaperRead.Mode.SKIM, monday, today, user.pk]


def _pace(row) -> PaperPace:
    deep, skims, ten = row
    return PaperPace(deep, skims, ten_read=ten)


@dataclass
class Cadence:
    last_post: dt.date | None
    days_since: int | None
    on_track: bool
    posts_last_8_weeks: int


def posting_cadence(*, user, today: dt.date) -> Cadence:
    with connection.cursor() as cursor:
        cursor.execute(_CADENCE_SQL, _cadence_parameters(user, today))
        return _cadence(cursor.fetchone(), today)


# The latest post and the posts of the last eight weeks, in one pass (written out).
_CADENCE_SQL = written_sql(
    "SELECT max(published_on), count(*) FILTER (WHERE published_on >= %s) FROM {posts} "
    "WHERE user_id = %s",
    posts=PublicPost,
)


def _cadence_parameters(user, today: dt.date) -> list:
    return [today - dt.timedelta(weeks=8), user.pk]


def _cadence(row, today: dt.date) -> Cadence:
    last, recent = row
    days = (today - last).days if last else None
    return Cadence(last, days, days is not None and days <= POST_EVERY_DAYS, recent)


class ApplicationRow(NamedTuple):
    """An application as the list, the funnel and the reply split read it (not its link,
    notes or the later stages' checks)."""

    pk: int
    company: str
    role: str
    salary_band: str
    stage: str
    applied_on: dt.date
    replied_on: dt.date | None
    first_round_on: dt.date | None
    final_round_on: dt.date | None
    offer_on: dt.date | None
    red_flag_keys: list[str]
    green_flag_keys: list[str]
    research_keys: list[str]

    verdict = Application.verdict

    def get_stage_display(self) -> str:
        return dict(Application.Stage.choices).get(self.stage, self.stage)


def application_rows(*, user) -> list[ApplicationRow]:
    """The learner's applications in the model's order (latest first), by a query written
    out: compiling the ORM's query and building whole models cost more than running it
    (profiled)."""
    with connection.cursor() as cursor:
        cursor.execute(_APPLICATION_ROWS_SQL, [user.pk])
        return [
            ApplicationRow(*row[:-3], *(json.loads(keys) for keys in row[-3:]))
            for row in cursor.fetchall()
        ]


_APPLICATION_ROWS_SQL = written_sql(
    f"SELECT {', '.join(ApplicationRow._fields).replace('pk', 'id', 1)} FROM {{applications}} "  # noqa: S608 - the model's columns
    "WHERE user_id = %s ORDER BY applied_on DESC, id DESC",
    applications=Application,
)


def job_funnel(*, user, applications: list[Application] | None = None,
               content: PortfolioContent | None = None) -> Funnel:  # fmt: skip
    """The learner's funnel; pass ``applications`` when the page has loaded them already."""
    if applications is None:
        applications = list(Application.objects.filter(user=user))
    return funnel(applications, (content or portfolio_content()).application_math)


@dataclass
class Overview:
    projects: list[Project]
    pace: PaperPace
    merged: int
    cadence: Cadence
    funnel: Funnel
    footprint: Footprint


# What the funnel reads of an application.
_FunnelEntry = namedtuple("_FunnelEntry", ["stage", *STAGE_DATE.values()])


def overview(*, user, today: dt.date) -> Overview:
    """The portfolio's front page: the learner's projects, paper pace, merged pull requests,
    posting cadence, job funnel and public footprint, from one round trip (six ORM queries,
    each compiled afresh, cost more than running them)."""
    content = portfolio_content()
    parameters = [
        user.pk,
        *_pace_parameters(user, today),
        Contribution.State.MERGED, user.pk,
        *_cadence_parameters(user, today),
        user.pk,
        user.pk,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_overview_sql(), parameters)
        project_rows = cursor.fetchall()
        cursor.nextset()
        pace_row = cursor.fetchone()
        cursor.nextset()
        (merged,) = cursor.fetchone()
        cursor.nextset()
        cadence_row = cursor.fetchone()
        cursor.nextset()
        applications = [_FunnelEntry(*row) for row in cursor.fetchall()]
        cursor.nextset()
        footprint_row = cursor.fetchone()
    projects = with_project_verdicts(_projects(project_rows), content)
    record = row_objects(footprint_row, PublicFootprint)[0] if footprint_row else None
    return Overview(
        projects=projects,
        pace=_pace(pace_row),
        merged=merged,
        cadence=_cadence(cadence_row, today),
        funnel=funnel(applications, content.application_math),
        footprint=_footprint(record or PublicFootprint(user=user), projects, content),
    )


@lru_cache(maxsize=1)
def _overview_sql() -> str:
    return ";\n".join([
        _projects_sql(),
        _PACE_SQL,
        written_sql("SELECT count(*) FROM {contributions} WHERE state = %s AND user_id = %s",
                    contributions=Contribution),
        _CADENCE_SQL,
        written_sql(f"SELECT stage, {', '.join(STAGE_DATE.values())} FROM {{applications}} "  # noqa: S608
                    "WHERE user_id = %s", applications=Application),
        _footprint_sql(),
    ])  # fmt: skip


def verdict_split(*, applications: list[Application]) -> VerdictSplit | None:
    return replies_by_verdict(applications)


def suggested_repositories(*, specialization_id: int | None) -> list[RecommendedProject]:
    projects = RecommendedProject.objects.select_related("specialization")
    if specialization_id:
        projects = projects.filter(specialization_id=specialization_id)
    return list(projects)


def interview_prep(*, user) -> dict:
    questions = items("interview-top-20")
    practice = {p.question_id: p for p in InterviewPractice.objects.filter(user=user)}
    themes = items("interview-behavioral-stories")
    stories = {s.theme_id: s for s in BehavioralStory.objects.filter(user=user)}
    for question in questions:
        question.practice = practice.get(question.pk)
    for theme in themes:
        theme.story = stories.get(theme.pk)
    confident = sum(1 for p in practice.values() if p.confidence >= 4)
    return {"questions": questions, "themes": themes, "practised": len(practice),
            "confident": confident, "stories_written": len(stories)}  # fmt: skip


def public_portfolio(*, user) -> dict:
    """Only what the learner publishes: pinned projects, merged PRs, public posts. Never
    notes, evaluations, applications or anything else."""
    return {
        "projects": list(
            Project.objects.filter(user=user, pinned=True).only(
                "title", "summary", "repository_url", "demo_url", "writeup_url", "status", "slot"
            )
        ),
        "contributions": list(
            Contribution.objects.filter(user=user, state=Contribution.State.MERGED).only(
                "repository", "pr_url", "title", "kind", "merged_on"
            )
        ),
        "posts": list(PublicPost.objects.filter(user=user)),
    }
