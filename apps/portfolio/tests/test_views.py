import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from apps.curriculum.models import ChecklistItem
from apps.portfolio.models import (
    Application,
    BehavioralStory,
    Contribution,
    InterviewPractice,
    PaperRead,
    PolishCheck,
    Project,
    PublicPost,
)
from tests.factories import make_learner

pytestmark = pytest.mark.django_db

COLD_CONTENT_QUERIES = 8
TODAY = dt.date.today().isoformat()


@pytest.fixture
def learner_client(client):
    learner = make_learner()
    client.force_login(learner.user)
    client.user = learner.user
    client.learner = learner
    return client


def add(client, kind, data):
    return client.post(reverse("portfolio:records", args=[kind]), data)


PROJECT = {"slot": "product-demo", "title": "Contract QA", "summary": "RAG over contracts.",
           "status": "building", "repository_url": "https://github.com/me/qa"}  # fmt: skip


def test_every_portfolio_page_needs_sign_in(client):
    for url in ["/portfolio/", "/portfolio/projects/", "/portfolio/interview/",
                "/portfolio/papers/1/"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Session, user, the records, the account menu, and what each list adds (the content
# revision when the add form's choices come from the text; the papers' reading pace).
LIST_QUERIES = {"projects": 6, "papers": 6, "contributions": 6, "posts": 6, "applications": 5}


@pytest.mark.parametrize("kind", ["projects", "papers", "contributions", "posts", "applications"])
def test_every_list_renders_with_bounded_queries(
    learner_client, kind, django_assert_max_num_queries
):
    # The first view after a content change reads the text's part once and shares it
    # (apps.curriculum.revision), and renders the empty add form once for the day and
    # revision (markup.add_form_fields): a few more queries, once per revision.
    with django_assert_max_num_queries(12 + COLD_CONTENT_QUERIES):
        assert learner_client.get(f"/portfolio/{kind}/").status_code == 200
    with django_assert_max_num_queries(LIST_QUERIES[kind]):
        assert learner_client.get(f"/portfolio/{kind}/").status_code == 200


def test_unknown_kind_is_404(learner_client):
    assert learner_client.get("/portfolio/spaceships/").status_code == 404


def test_projects_create_edit_and_the_texts_warnings(learner_client):
    data = {**PROJECT, "risk_keys": ["portfolio-demo-killers-generic-chatbot"]}
    killer = ChecklistItem.objects.filter(checklist__key="portfolio-demo-killers").first()
    data["risk_keys"] = [killer.key]
    response = add(learner_client, "projects", data)
    project = Project.objects.get(user=learner_client.user)
    assert response["Location"] == reverse("portfolio:edit", args=["projects", project.pk])
    page = learner_client.get(response["Location"]).content.decode()
    assert "The text says this kills a project" in page
    assert "4-6 weeks" in page
    second = add(learner_client, "projects", {**PROJECT, "title": "Another"})
    assert "You already have a project in this slot" in second.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("repository_url", "github.com/me/qa ftp", "Enter a full web address"),
        ("demo_url", "javascript:alert(1)", "Enter a full web address"),
        ("title", "", "This field is required."),
    ],
)
def test_project_validation(learner_client, field, value, message):
    response = add(learner_client, "projects", {**PROJECT, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Project.objects.exists()


def test_impossible_dates_are_refused(learner_client):
    bad = add(learner_client, "projects",
              {**PROJECT, "started_on": "2026-05-01", "finished_on": "2026-04-01"})  # fmt: skip
    assert "Cannot be before the start date." in bad.content.decode()
    pr = {"repository": "vllm-project/vllm", "pr_url": "https://github.com/vllm-project/vllm/pull/1",
          "kind": "bug", "state": "merged", "opened_on": "2026-05-02", "merged_on": "2026-05-01"}  # fmt: skip
    assert (
        "Cannot be before the date it was opened."
        in add(learner_client, "contributions", pr).content.decode()
    )
    no_merge_date = add(learner_client, "contributions", {**pr, "merged_on": ""})
    assert "When was it merged?" in no_merge_date.content.decode()
    bad_repo = add(
        learner_client,
        "contributions",
        {**pr, "repository": "not a repo", "merged_on": "2026-05-03"},
    )
    assert "Write it as owner/name" in bad_repo.content.decode()
    job = {"company": "Acme", "role": "AI engineer", "stage": "first_round",
           "applied_on": "2026-05-10", "first_round_on": "2026-05-01"}  # fmt: skip
    assert (
        "cannot come before you applied"
        in add(learner_client, "applications", job).content.decode()
    )
    assert not Contribution.objects.exists() and not Application.objects.exists()


def test_a_deep_read_needs_the_five_sentence_note(learner_client):
    paper = ChecklistItem.objects.get(key="papers-dpo")
    data = {"paper": paper.pk, "mode": "deep", "read_on": TODAY}
    response = add(learner_client, "papers", data)
    assert response.status_code == 400
    assert "A deep read needs the five-sentence note" in response.content.decode()
    note = {"new_idea": "Preferences without RL.", "why_it_matters": "Simpler.",
            "baseline": "RLHF with PPO.", "cost": "A reference model.",
            "what_i_would_do": "Tune a small model."}  # fmt: skip
    assert add(learner_client, "papers", {**data, **note}).status_code == 302
    read = PaperRead.objects.get()
    assert read.title == paper.text and read.url == paper.url
    page = learner_client.get("/portfolio/papers/").content.decode()
    assert "1 of 1</strong> deep read" in page
    assert "1 of the text's ten papers logged" in page
    skim = add(learner_client, "papers", {"title": "Some paper", "mode": "skim", "read_on": TODAY,
                                          "arxiv_id": "12.34"})  # fmt: skip
    assert "An arXiv id looks like 2305.18290." in skim.content.decode()


def test_another_learners_records_are_404_to_read_and_write(learner_client):
    other = make_learner()
    records = {
        "projects": Project.objects.create(user=other.user, title="Theirs", summary="s"),
        "papers": PaperRead.objects.create(user=other.user, title="Theirs", read_on=dt.date.today()),
        "contributions": Contribution.objects.create(
            user=other.user, repository="a/b", pr_url="https://github.com/a/b/pull/1",
            opened_on=dt.date.today()),
        "posts": PublicPost.objects.create(user=other.user, title="Theirs", url="https://x.dev",
                                           published_on=dt.date.today()),
        "applications": Application.objects.create(user=other.user, company="Theirs", role="r",
                                                   applied_on=dt.date.today()),
    }  # fmt: skip
    for kind, record in records.items():
        edit = reverse("portfolio:edit", args=[kind, record.pk])
        assert learner_client.get(edit).status_code == 404
        assert learner_client.post(edit, {"title": "Mine now"}).status_code == 404
        delete = reverse("portfolio:delete", args=[kind, record.pk])
        assert learner_client.post(delete).status_code == 404
        assert "Theirs" not in learner_client.get(f"/portfolio/{kind}/").content.decode()
    assert Project.objects.get(pk=records["projects"].pk).title == "Theirs"
    polish = reverse("portfolio:polish", args=[records["projects"].pk])
    assert learner_client.post(polish, {"item": "x"}).status_code == 404


def test_polish_ticks_plain_and_htmx(learner_client):
    add(learner_client, "projects", PROJECT)
    project = Project.objects.get()
    item = ChecklistItem.objects.filter(checklist__key="portfolio-polish-standard").first()
    url = reverse("portfolio:polish", args=[project.pk])
    assert learner_client.post(url, {"item": item.key}).status_code == 302
    assert PolishCheck.objects.filter(project=project, item=item).exists()
    fragment = learner_client.post(url, {"item": item.key}, HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert html.lstrip().startswith('<section id="polish"') and "0 of 10 done" in html
    assert not PolishCheck.objects.exists()
    assert learner_client.post(url, {"item": "papers-dpo"}).status_code == 404


def test_edit_and_delete_own_records(learner_client):
    add(learner_client, "posts", {"title": "I benchmarked A vs B", "url": "https://me.dev/ab",
                                  "kind": "post", "published_on": TODAY})  # fmt: skip
    post = PublicPost.objects.get()
    edit = reverse("portfolio:edit", args=["posts", post.pk])
    learner_client.post(edit, {"title": "A vs B, benchmarked", "url": "https://me.dev/ab",
                               "kind": "post", "published_on": TODAY})  # fmt: skip
    post.refresh_from_db()
    assert post.title == "A vs B, benchmarked"
    assert (
        learner_client.get(reverse("portfolio:delete", args=["posts", post.pk])).status_code == 200
    )
    learner_client.post(reverse("portfolio:delete", args=["posts", post.pk]))
    assert not PublicPost.objects.exists()


def test_contribution_suggestions_follow_the_specialization(learner_client):
    from apps.curriculum.models import Specialization

    learner_client.learner.specialization = Specialization.objects.get(key="inference-serving")
    learner_client.learner.save()
    html = learner_client.get("/portfolio/contributions/").content.decode()
    assert '<option value="vllm-project/vllm">' in html
    assert "langchain-ai/langchain" not in html


def test_funnel_changes_as_applications_move(learner_client):
    base = {"company": "Acme", "role": "AI engineer", "applied_on": "2026-05-01"}
    add(learner_client, "applications", {**base, "stage": "applied"})
    add(learner_client, "applications", {**base, "company": "Globex", "stage": "first_round",
                                         "first_round_on": "2026-05-10"})  # fmt: skip
    page = learner_client.get("/portfolio/applications/")
    funnel = page.context["funnel"]
    assert [row.count for row in funnel.rows] == [2, 1, 1, 0, 0]
    assert 'aria-labelledby="funnel-title funnel-desc"' in page.content.decode()


def test_flags_are_stored_as_the_texts_keys(learner_client):
    red = ChecklistItem.objects.filter(checklist__key="jobs-red-flags").first()
    add(learner_client, "applications", {"company": "Acme", "role": "r", "stage": "applied",
                                         "applied_on": TODAY, "red_flag_keys": [red.key]})  # fmt: skip
    assert Application.objects.get().red_flag_keys == [red.key]
    bad = add(learner_client, "applications", {"company": "Acme", "role": "r", "stage": "applied",
                                               "applied_on": TODAY, "red_flag_keys": ["made-up"]})  # fmt: skip
    assert "Select a valid choice" in bad.content.decode()


def test_interview_practice_and_stories(learner_client):
    question = ChecklistItem.objects.filter(checklist__key="interview-top-20").first()
    url = reverse("portfolio:practise", args=[question.key])
    learner_client.post(url, {"confidence": "3"})
    learner_client.post(url, {"confidence": "5"})
    practice = InterviewPractice.objects.get()
    assert (practice.confidence, practice.times_practised) == (5, 2)
    learner_client.post(url, {"confidence": "9"})
    assert InterviewPractice.objects.get().confidence == 5
    theme = ChecklistItem.objects.filter(checklist__key="interview-behavioral-stories").first()
    story_url = reverse("portfolio:story", args=[theme.key])
    incomplete = learner_client.post(story_url, {"title": "The leak"})
    assert incomplete.status_code == 400
    learner_client.post(story_url, {"title": "The leak", "situation": "s", "task": "t",
                                    "action": "I profiled it", "result": "-40% memory"})  # fmt: skip
    assert BehavioralStory.objects.get().action == "I profiled it"
    page = learner_client.get("/portfolio/interview/").content.decode()
    assert "1 of 20 questions practised" in page and "“The leak”" in page


def test_public_page_is_opt_in_and_shows_nothing_private(learner_client, client):
    learner = learner_client.learner
    Project.objects.create(user=learner.user, title="Pinned one", summary="Public summary",
                           pinned=True, evaluation="SECRET-EVAL", limitations="SECRET-LIM")  # fmt: skip
    Project.objects.create(user=learner.user, title="Unpinned", summary="hidden")
    Contribution.objects.create(user=learner.user, repository="a/b", title="Merged fix",
                                pr_url="https://github.com/a/b/pull/1", state="merged",
                                opened_on=dt.date(2026, 1, 1), merged_on=dt.date(2026, 1, 2))  # fmt: skip
    Contribution.objects.create(user=learner.user, repository="a/b", title="Open PR",
                                pr_url="https://github.com/a/b/pull/2", opened_on=dt.date(2026, 1, 1))  # fmt: skip
    Application.objects.create(user=learner.user, company="SECRET-CO", role="r",
                               applied_on=dt.date(2026, 1, 1), notes="SECRET-NOTE")  # fmt: skip
    learner.public_handle = "lin"
    learner.save()
    assert client.get("/u/lin/").status_code == 404  # off by default

    learner.portfolio_public = True
    learner.save()
    with pytest.MonkeyPatch.context():
        html = client.get("/u/lin/").content.decode()
    assert "Pinned one" in html and "Merged fix" in html
    for private in ["Unpinned", "Open PR", "SECRET", learner.user.email]:
        assert private not in html
    assert client.get("/u/nobody/").status_code == 404


def test_profile_sets_the_public_handle(learner_client):
    from apps.curriculum.models import Bucket, HonestTestQuestion

    data = {
        f"test-{q.key}": "no" for q in HonestTestQuestion.objects.filter(is_training_question=False)
    }
    data.update({"test-can_train_model": "no", "display_name": "Lin",
                 "bucket": Bucket.objects.get(letter="C").pk, "start_date": TODAY,
                 "hours_per_week": "15", "timezone": "UTC", "portfolio_public": "on"})  # fmt: skip
    response = learner_client.post("/profile/", data)
    assert "Choose a handle for your public page." in response.content.decode()
    data["public_handle"] = "Lin-Builds"
    learner_client.post("/profile/", data)
    learner_client.learner.refresh_from_db()
    assert learner_client.learner.public_handle == "lin-builds"
    assert learner_client.learner.portfolio_public


def test_overview_queries_are_bounded(learner_client, django_assert_max_num_queries):
    for n in range(10):
        add(learner_client, "applications", {"company": f"C{n}", "role": "r", "stage": "applied",
                                             "applied_on": TODAY})  # fmt: skip
        add(learner_client, "posts", {"title": f"P{n}", "url": "https://me.dev", "kind": "post",
                                      "published_on": TODAY})  # fmt: skip
        add(learner_client, "projects", {**PROJECT, "slot": "extra", "title": f"X{n}"})
    with django_assert_max_num_queries(5 + COLD_CONTENT_QUERIES):
        assert learner_client.get("/portfolio/").status_code == 200
    # Session, user, content revision, the learner's rows (one round trip), the account menu.
    with django_assert_max_num_queries(5):
        assert learner_client.get("/portfolio/").status_code == 200


def test_the_profile_export_includes_the_portfolio(learner_client):
    add(learner_client, "projects", PROJECT)
    add(learner_client, "applications", {"company": "Acme", "role": "r", "stage": "applied",
                                         "applied_on": TODAY, "notes": "Referred by Sam"})  # fmt: skip
    data = json.loads(learner_client.get("/profile/export.json").getvalue())
    assert data["projects"][0]["title"] == "Contract QA"
    assert data["applications"][0]["notes"] == "Referred by Sam"
    csv_text = learner_client.get("/profile/export.csv").getvalue().decode()
    assert "project,product-demo,Contract QA" in csv_text
    assert "application,Acme,r,applied,Referred by Sam" in csv_text


def test_deleting_the_account_deletes_the_portfolio(learner_client):
    add(learner_client, "projects", PROJECT)
    learner_client.post("/accounts/delete/", {"password": "a-strong-passphrase-42"})
    assert not Project.objects.exists()


def test_an_applications_rubric_gives_its_verdict_in_the_list(learner_client):
    response = add(learner_client, "applications", {
        "company": "Hype AI", "role": "AI Ninja", "stage": "applied", "applied_on": TODAY,
        "red_flag_keys": ["jobs-red-passionate-about-ai", "jobs-red-buzzword-salad"],
        "green_flag_keys": ["jobs-green-salary-band"],
    })  # fmt: skip
    assert response.status_code == 302
    add(learner_client, "applications", {
        "company": "Solid", "role": "ML engineer", "stage": "applied", "applied_on": TODAY,
        "research_keys": ["jobs-research-engineering-blog", "jobs-research-github",
                          "jobs-research-glassdoor-blind", "jobs-research-product-works"],
    })  # fmt: skip
    html = learner_client.get("/portfolio/applications/").content.decode()
    assert "skip: 2 red flags" in html and ">apply<" in html
    assert "replies are split here" in html  # fewer than ten: no split yet
    assert Application.objects.get(company="Solid").research_keys[0].startswith("jobs-research")


def test_an_unknown_flag_is_refused_and_nothing_saved(learner_client):
    response = add(learner_client, "applications", {
        "company": "X", "role": "r", "stage": "applied", "applied_on": TODAY,
        "red_flag_keys": ["papers-red-flag-one-seed"],
    })  # fmt: skip
    assert response.status_code == 400 and not Application.objects.exists()


def test_negotiation_attaches_at_the_offer_stage_only(learner_client):
    data = {"company": "Acme", "role": "r", "stage": "applied", "applied_on": TODAY}
    add(learner_client, "applications", data)
    application = Application.objects.get()
    url = reverse("portfolio:edit", args=["applications", application.pk])
    page = learner_client.get(url).content.decode()
    assert "Negotiation" not in page and "Take-home" not in page
    learner_client.post(url, {**data, "negotiation_keys": ["interview-negotiate-by-email"]})
    application.refresh_from_db()
    assert application.negotiation_keys == []
    offer = {**data, "stage": "offer", "offer_on": TODAY}
    learner_client.post(url, offer)
    page = learner_client.get(url).content.decode()
    assert "Negotiation: what you did" in page and "Take-home" in page
    learner_client.post(url, {**offer, "negotiation_keys": ["interview-negotiate-by-email"]})
    application.refresh_from_db()
    assert application.negotiation_keys == ["interview-negotiate-by-email"]


def test_replies_split_by_verdict_from_ten_applications(
    learner_client, django_assert_max_num_queries
):
    for n in range(10):
        add(learner_client, "applications", {
            "company": f"C{n}", "role": "r", "applied_on": TODAY,
            "stage": "replied" if n < 3 else "applied", "replied_on": TODAY if n < 3 else "",
            "green_flag_keys": ["jobs-green-specific-stack"] if n < 5 else [],
            "red_flag_keys": [] if n < 5 else ["jobs-red-no-stack-mentioned", "jobs-red-buzzword-salad"],
        })  # fmt: skip
    with django_assert_max_num_queries(12):
        html = learner_client.get("/portfolio/applications/").content.decode()
    split = html.split('id="replies-by-verdict"')[1].split("</table>")[0]
    assert "60%" in split and "0%" in split and "skip: 2 red flags" not in split


def test_a_paper_gets_the_is_it_solid_rubric(learner_client):
    response = add(learner_client, "papers", {
        "title": "A paper", "mode": "skim", "read_on": TODAY,
        "tell_keys": ["papers-tell-code-released", "papers-tell-multiple-seeds",
                      "papers-tell-strong-baselines", "papers-tell-reproduced"],
    })  # fmt: skip
    assert response.status_code == 302
    paper = PaperRead.objects.get()
    assert paper.verdict.label == "solid"
    assert ">solid<" in learner_client.get("/portfolio/papers/").content.decode()
    # A red flag is not a tell: the field for tells refuses it.
    url = reverse("portfolio:edit", args=["papers", paper.pk])
    bad = {"title": "A paper", "mode": "skim", "read_on": TODAY,
           "tell_keys": ["papers-red-flag-one-seed"]}  # fmt: skip
    assert learner_client.post(url, bad).status_code == 400


def test_a_projects_type_decides_its_strengths_and_killers(learner_client):
    add(learner_client, "projects", PROJECT)
    project = Project.objects.get()
    url = reverse("portfolio:edit", args=["projects", project.pk])
    page = learner_client.get(url).content.decode()
    demo_strength = ChecklistItem.objects.filter(checklist__key="portfolio-demo-strengths")[0]
    paper_strength = ChecklistItem.objects.filter(checklist__key="portfolio-paper-strengths")[0]
    assert 'id="strengths"' in page and demo_strength.key in page
    assert paper_strength.key not in page
    assert (
        learner_client.post(url, {**PROJECT, "strength_keys": [paper_strength.key]}).status_code
        == 400
    )
    all_demo = list(
        ChecklistItem.objects.filter(checklist__key="portfolio-demo-strengths").values_list(
            "key", flat=True
        )
    )
    learner_client.post(url, {**PROJECT, "strength_keys": all_demo})
    assert ">strong<" in learner_client.get("/portfolio/projects/").content.decode()


def test_the_same_three_projects_everywhere_on_the_footprint(
    learner_client, django_assert_max_num_queries
):
    for slot in ["product-demo", "paper-reproduction", "oss-contribution"]:
        add(learner_client, "projects", {**PROJECT, "slot": slot, "title": slot, "pinned": "on"})
    places = list(
        ChecklistItem.objects.filter(checklist__key="portfolio-same-three-everywhere").values_list(
            "key", flat=True
        )
    )
    response = learner_client.post(reverse("portfolio:footprint"), {"same_three_keys": places[:2]})
    assert response.status_code == 302
    with django_assert_max_num_queries(5):
        html = learner_client.get("/portfolio/").content.decode()
    assert "the same three in 2 of 3 places" in html and "paper-reproduction" in html
    bad = learner_client.post(reverse("portfolio:footprint"), {"same_three_keys": ["nope"]})
    assert bad.status_code == 400 and "nothing was saved" in bad.content.decode()
    assert learner_client.user.footprint.same_three_keys == sorted(places[:2])


def test_rubric_state_is_exported(learner_client):
    add(learner_client, "applications", {"company": "Acme", "role": "r", "stage": "applied",
                                         "applied_on": TODAY,
                                         "red_flag_keys": ["jobs-red-buzzword-salad"]})  # fmt: skip
    add(learner_client, "papers", {"title": "P", "mode": "skim", "read_on": TODAY,
                                   "red_flag_keys": ["papers-red-flag-one-seed"]})  # fmt: skip
    data = json.loads(learner_client.get("/profile/export.json").getvalue())
    assert data["applications"][0]["red_flag_keys"] == ["jobs-red-buzzword-salad"]
    assert data["applications"][0]["verdict"] == "skip: 1 red flag"
    assert data["papers"][0]["red_flag_keys"] == ["papers-red-flag-one-seed"]
    assert data["papers"][0]["verdict"].startswith("mixed")
    csv_text = learner_client.get("/profile/export.csv").getvalue().decode()
    assert "verdict: skip: 1 red flag" in csv_text


def test_a_project_page_with_its_rubrics_has_bounded_queries(
    learner_client, django_assert_max_num_queries
):
    add(learner_client, "projects", PROJECT)
    project = Project.objects.get()
    project.strength_keys = ["portfolio-demo-live"]
    project.risk_keys = ["portfolio-demo-generic-chatbot"]
    project.save()
    with django_assert_max_num_queries(14):
        html = learner_client.get(
            reverse("portfolio:edit", args=["projects", project.pk])
        ).content.decode()
    assert "at risk: 1 thing that kills a project" in html


def test_a_stale_record_edit_answers_409_with_both_versions(learner_client):
    add(learner_client, "applications", {"company": "Acme", "role": "ML engineer",
                                          "stage": "applied", "applied_on": TODAY})  # fmt: skip
    record = Application.objects.get()
    url = reverse("portfolio:edit", args=["applications", record.pk])
    html = learner_client.get(url).content.decode()
    opened_at = html.split('name="version" value="', 1)[1].split('"', 1)[0]
    base = {"company": "Acme", "role": "ML engineer", "stage": "applied", "applied_on": TODAY}
    first = learner_client.post(url, {**base, "notes": "Recruiter called", "version": opened_at})
    assert first.status_code == 302
    second = learner_client.post(url, {**base, "notes": "Sent the take-home", "version": opened_at})
    html = second.content.decode()
    assert second.status_code == 409
    assert "Recruiter called" in html and "Sent the take-home" in html
    record.refresh_from_db()
    assert record.notes == "Recruiter called"
    newer = html.split('name="version" value="', 1)[1].split('"', 1)[0]
    assert newer != opened_at
    third = learner_client.post(url, {**base, "notes": "Sent the take-home", "version": newer})
    assert third.status_code == 302
    record.refresh_from_db()
    assert record.notes == "Sent the take-home"


def test_without_javascript_polish_and_practice_confirm_beside_the_thing(learner_client):
    add(learner_client, "projects", PROJECT)
    project = Project.objects.get()
    item = ChecklistItem.objects.filter(checklist__key="portfolio-polish-standard").first()
    response = learner_client.post(
        reverse("portfolio:polish", args=[project.pk]), {"item": item.key}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith(f"#polish-{item.key}")
    row = response.content.decode().split(f'id="polish-{item.key}"', 1)[1].split("</li>", 1)[0]
    assert "Ticked:" in row and 'role="status"' in row
    question = ChecklistItem.objects.filter(checklist__key="interview-top-20").first()
    response = learner_client.post(
        reverse("portfolio:practise", args=[question.key]), {"confidence": "3"}, follow=True
    )
    row = response.content.decode().split(f'id="q-{question.key}"', 1)[1].split("</li>", 1)[0]
    assert "Practice recorded." in row


def test_the_empty_add_form_follows_the_day_the_kind_and_the_text(learner_client):
    from apps.portfolio.forms import ApplicationForm, PostForm
    from apps.portfolio.markup import add_form_fields

    def empty(form_class, day):
        return str(add_form_fields(lambda: form_class(initial={"applied_on": day,
                                                               "published_on": day}),
                                   kind=form_class.__name__, today=day))  # fmt: skip

    today, tomorrow = dt.date(2026, 3, 4), dt.date(2026, 3, 5)
    assert 'value="2026-03-04"' in empty(ApplicationForm, today)
    assert 'value="2026-03-05"' in empty(ApplicationForm, tomorrow)
    assert 'value="2026-03-04"' in empty(PostForm, today)
    assert "Red flags that apply" not in empty(PostForm, today)
    page = learner_client.get("/portfolio/applications/").content.decode()
    assert f'name="applied_on" value="{TODAY}"' in page
    assert 'value="jobs-red-buzzword-salad"' in page and "Buzzword salad, renamed" not in page
    item = ChecklistItem.objects.get(key="jobs-red-buzzword-salad")
    item.text = "Buzzword salad, renamed"
    item.save()  # a new content revision
    page = learner_client.get("/portfolio/applications/").content.decode()
    assert "Buzzword salad, renamed" in page


def test_a_form_sent_back_with_errors_shows_what_was_typed_and_the_next_is_empty(learner_client):
    bad = add(learner_client, "applications", {"company": "Typed & kept", "role": "",
                                               "applied_on": TODAY,
                                               "red_flag_keys": ["jobs-red-buzzword-salad"]})  # fmt: skip
    html = bad.content.decode()
    ticked = re.compile(r'value="jobs-red-buzzword-salad" id="[^"]+" checked>')
    assert bad.status_code == 400 and 'value="Typed &amp; kept"' in html and ticked.search(html)
    again = learner_client.get("/portfolio/applications/").content.decode()
    assert "Typed &amp; kept" not in again and not re.search(r" checked>", again)
    assert 'value="jobs-red-buzzword-salad"' in again


def test_the_navigation_rendered_once_is_the_includes_for_every_page(learner_client, monkeypatch):
    from apps.portfolio.templatetags import portfolio_nav

    urls = ["/portfolio/", *(f"/portfolio/{kind}/" for kind in LIST_QUERIES)]

    def navs():
        return {url: learner_client.get(url).content.decode().split('<nav class="sub-nav"')[1]
                .split("</nav>")[0] for url in urls}  # fmt: skip

    first = navs()  # rendered, then kept
    assert navs() == first
    for url, nav in first.items():
        assert nav.count('aria-current="page"') == 1
        assert f'href="{url}" aria-current="page"' in nav

    class Forgetful(dict):
        def get(self, key, default=None):
            return default

    monkeypatch.setattr(portfolio_nav, "_NAVS", Forgetful())  # the include, every time
    assert navs() == first
