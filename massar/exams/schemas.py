"""What the exams API reads and writes. Marks and averages are decimal text with two decimals ("13.25"):
exact decimals, never floats."""

from typing import Literal

from ninja import Field, Schema
from pydantic import BaseModel


class BacSimulationIn(Schema):
    candidate: Literal["school", "free"] = Field("school", description="`free`: no continuous assessment.")
    continuous_assessment: str | None = Field(None, description="Annual average of 2BAC, e.g. \"14.50\" (school "
                                                                "candidates).", examples=["14.50"])
    regional: str | None = Field(None, description="1BAC regional exam average.", examples=["12.00"])
    national: str | None = Field(None, description="2BAC national exam average; leave it out to ask only what "
                                                   "is needed (`needed_national`).", examples=["13.25"])
    stream: str | None = Field(None, description="2BAC stream code (SP, SVT, SMA…), with per-subject marks.")
    regional_subjects: dict[str, str] | None = Field(None, description="Regional exam marks by subject code, "
                                                                       "instead of `regional`.")
    national_subjects: dict[str, str] | None = Field(None, description="National exam marks by subject code, "
                                                                       "instead of `national`.")


class BacSimulationOut(Schema):
    average: str | None = Field(description="The general mark, two decimals; null when the national mark was "
                                            "left out.")
    decision: Literal["admitted", "second_session", "failed"] | None
    mention: Literal["Passable", "Assez bien", "Bien", "Très bien"] | None = Field(
        description="The mention's official name.")
    mention_label: str | None = Field(description="The mention in the caller's language.")
    components: dict[str, str | None] = Field(description="Each component as counted, two decimals.")
    needed_national: dict[str, str | None] = Field(
        description="The national-exam average needed for a general mark of 10, 12, 14 and 16 (null: out of "
                    "reach).")


class SimulationProblemOut(Schema):
    """A mark outside 0–20, text, a missing component, an unknown stream or subject: `field` names it. A body
    not of the declared shape gets the list of problems in `detail` instead."""

    detail: str | list[dict]
    code: str | None = None
    field: str | None = None


# A result's answer is validated from plain data on every read of results day: plain pydantic models, whose
# validation runs in pydantic's core, where a ninja Schema reads each field of each nested object through
# Python (a third of a read's time). Nothing here is read from a model instance.
class SourceOut(BaseModel):
    kind: str = Field(description="`continuous`, or the exam: bac_national, bac_regional, college_regional…")
    label: str
    school_year: str
    session: int | None = None
    exam_number: str | None = None


class SubjectMarkOut(BaseModel):
    subject: str
    coefficient: str
    mark: str | None
    absent: bool
    replaced: bool = Field(description="The second session's mark replaced the first one (the better counts).")
    first_session_mark: str | None


class ComponentOut(BaseModel):
    component: str = Field(description="continuous, local, provincial, regional or national.")
    label: str
    weight: str | None
    value: str | None
    missing: bool
    source: SourceOut | None
    subjects: list[SubjectMarkOut] = []
    missing_subjects: list[str] = []


class ResultOut(BaseModel):
    school_year: str
    kind: str
    kind_label: str
    session: int = Field(description="1: normal session, 2: second session.")
    level: str
    exam_number: str
    candidate_kind: str
    mark: str | None
    out_of: int
    final: bool = Field(description="The certificate's mark (else one exam's mark).")
    decision: str | None
    decision_label: str | None
    mention: str | None = Field(description="Mention code: passable, fairly_good, good, very_good.")
    mention_official: str | None
    mention_label: str | None
    missing: list[str]
    components: list[ComponentOut]
    published_at: str | None


class ResultsOut(BaseModel):
    massar_code: str
    results: list[ResultOut] = Field(description="Published results only, newest first.")
