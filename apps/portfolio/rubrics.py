"""Rubrics applied to one record at a time, and the verdicts the text draws from them.

Pure functions over the keys ticked on a record; no database. Which checklist feeds which
field is in RUBRIC_FIELDS; fixtures/README.md ("Checklist roles") says which checklists are
rubrics and what they are applied to.
"""

from __future__ import annotations

from dataclasses import dataclass

# (record field, checklist key, section of that checklist or "" for all, label)
RUBRIC_FIELDS: dict[str, list[tuple[str, str, str, str]]] = {
    "application": [
        ("red_flag_keys", "jobs-red-flags", "", "Red flags that apply"),
        ("green_flag_keys", "jobs-green-flags", "", "Green flags that apply"),
        ("research_keys", "jobs-company-research", "", "Company research: what checked out well"),
        ("take_home_keys", "interview-take-home-tips", "", "Take-home: what you did"),
        ("negotiation_keys", "interview-negotiation-steps", "", "Negotiation: what you did"),
    ],
    "paper": [
        ("tell_keys", "papers-solid-paper-tells", "Honest tells", "Honest tells it shows"),
        ("red_flag_keys", "papers-solid-paper-tells", "Red flags", "Red flags it shows"),
    ],
    "project": [
        ("strength_keys", "", "", "What makes it strong"),
        ("risk_keys", "", "", "What kills it"),
    ],
    "footprint": [
        ("same_three_keys", "portfolio-same-three-everywhere", "", "The same three projects"),
    ],
}
# A project's type decides its "what makes it strong" and "what kills it" lists.
PROJECT_TYPE_RUBRICS = {
    "product-demo": ("portfolio-demo-strengths", "portfolio-demo-killers"),
    "paper-reproduction": ("portfolio-paper-strengths", "portfolio-paper-killers"),
    "oss-contribution": ("portfolio-oss-strengths", "portfolio-oss-killers"),
}
NOT_IN_A_PORTFOLIO = "portfolio-what-not-to-include"
# "10 minutes per company. If 4+ of these are positive, apply."
RESEARCH_POSITIVES_TO_APPLY = 4
# Green flags: "apply, even if you don't match every line". Enough of them, or research that
# checks out, makes a single red flag a matter of care rather than a pass.
GREEN_FLAGS_OUTWEIGHING_ONE_RED = 3
SOLID_PAPER_TELLS = 4


@dataclass(frozen=True)
class Verdict:
    code: str  # stable, for CSS, exports and the funnel split
    label: str

    def __str__(self) -> str:
        return self.label


UNCHECKED = Verdict("unchecked", "not checked yet")
APPLY = Verdict("apply", "apply")
APPLY_WITH_CARE = Verdict("care", "apply with care")
APPLICATION_VERDICT_CODES = [
    ("apply", "Apply"),
    ("care", "Apply with care"),
    ("skip", "Skip"),
    ("unchecked", "Not checked"),
]


def _skip(red: int) -> Verdict:
    return Verdict("skip", f"skip: {red} red flag{'s' if red != 1 else ''}")


def application_verdict(*, red: int, green: int, research: int) -> Verdict:
    """The text's rule for a posting: red flags "mean: pass", green flags "mean: apply",
    research with 4+ positives means apply. Two or more red flags are a pass whatever else;
    one red flag is a pass unless the posting is otherwise strong, then it is care."""
    if red == green == research == 0:
        return UNCHECKED
    strong = green >= GREEN_FLAGS_OUTWEIGHING_ONE_RED or research >= RESEARCH_POSITIVES_TO_APPLY
    if red >= 2 or (red == 1 and not strong):
        return _skip(red)
    if red == 1:
        return APPLY_WITH_CARE
    if green >= 1 or research >= RESEARCH_POSITIVES_TO_APPLY:
        return APPLY
    return APPLY_WITH_CARE


def paper_verdict(*, tells: int, red_flags: int) -> Verdict:
    """ "How to know if a paper is solid": honest tells for, red flags against."""
    if tells == red_flags == 0:
        return UNCHECKED
    if red_flags >= 2:
        return Verdict("shaky", f"shaky: {red_flags} red flags")
    if red_flags == 0 and tells >= SOLID_PAPER_TELLS:
        return Verdict("solid", "solid")
    return Verdict("mixed", "mixed: read its claims with care")


def project_verdict(*, strengths: int, strengths_total: int, killers: int) -> Verdict:
    if killers:
        what = "1 thing that kills" if killers == 1 else f"{killers} things that kill"
        return Verdict("at-risk", f"at risk: {what} a project")
    if strengths_total and strengths == strengths_total:
        return Verdict("strong", "strong")
    if strengths == 0:
        return UNCHECKED
    return Verdict("building", f"{strengths} of {strengths_total} strengths")


def footprint_verdict(*, places: int, total: int) -> Verdict:
    if places == 0:
        return UNCHECKED
    if places == total:
        return Verdict("consistent", "the same three everywhere")
    return Verdict("partial", f"the same three in {places} of {total} places")
