"""What the API reads and writes, as the OpenAPI document describes it.

Numbers that carry decimals travel as strings with a dot ("36120.50"), dates as ISO 8601
("2024-10-15"): the API is for programs; the pages write them the Vietnamese way.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, BaseModel

from thaogo.core.ids import MAX_ID


def _storable(value: str) -> str:
    """Text every database stores: no NUL (PostgreSQL refuses it) and no lone surrogate."""
    if "\x00" in value:
        raise ValueError("contains a null character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError("is not valid Unicode text") from error
    return value


Text = Annotated[str, AfterValidator(_storable)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Amount = Annotated[Decimal, Field(max_digits=14, decimal_places=2, allow_inf_nan=False)]


class Out(BaseModel):
    """What the API answers. The views build plain dicts (`reads.*_out`), which pydantic
    checks in its own compiled code: ninja's `Schema` reads every field of every row through
    a Python wrapper meant for model instances, most of a list's cost."""


class Page(Out):
    next_cursor: str | None = Field(
        None, description="Pass it as `cursor` for the next page; null on the last page."
    )


# ---------------------------------------------------------------- reads


class MeOut(Out):
    id: int
    username: str
    full_name: str
    role: str | None
    unit_id: int | None
    cadre_id: int | None
    token_scope: str | None = Field(None, description="null when called from a login session")


class UnitOut(Out):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    issuer_code: str
    document_style: str
    is_active: bool


class UnitPage(Page):
    items: list[UnitOut]


class CadreOut(Out):
    id: int
    full_name: str
    unit_id: int | None
    committee_membership: str
    planned_position: str
    is_active: bool


class CadrePage(Page):
    items: list[CadreOut]


class PlanOut(Out):
    id: int
    title: str
    document_id: int
    issuing_body_id: int
    start_date: date
    end_date: date
    version: int


class PlanPage(Page):
    items: list[PlanOut]


class DocumentOut(Out):
    id: int
    symbol: str
    number: int
    doc_type: str
    issuer_id: int
    series: str
    issued_on: date
    abstract: str
    is_public: bool
    has_file: bool


class DocumentPage(Page):
    items: list[DocumentOut]


class TaskOut(Out):
    id: int
    plan_id: int
    code: str
    title: str
    description: str
    category: str | None
    is_hard: bool
    is_new: bool
    is_backlogged: bool
    is_complex: bool
    unit_ids: list[int]
    start_date: date
    deadline: date | None
    priority: int
    status: str
    timing: str = Field(
        description=(
            "completed_on_time, completed_late, on_track, near_due, overdue or no_deadline"
        )
    )
    completed_on: date | None
    lead_cadre_id: int | None
    is_public: bool
    version: int


class TaskPage(Page):
    items: list[TaskOut]


class AssignmentOut(Out):
    id: int
    task_id: int
    cadre_id: int
    role: str
    start_date: date
    end_date: date | None
    decision_id: int | None
    note: str


class AssignmentPage(Page):
    items: list[AssignmentOut]


class MetricOut(Out):
    id: int
    task_id: int
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    target_date: date | None
    version: int


class MetricPage(Page):
    items: list[MetricOut]


class MetricValueOut(Out):
    id: int
    metric_id: int
    measured_on: date
    value: Decimal
    note: str


class MetricValuePage(Page):
    items: list[MetricValueOut]


class ReportValueOut(Out):
    metric_id: int
    value: Decimal


class ReportDraftOut(Out):
    """The report as its author is writing it: only the author reads this."""

    results: str
    difficulties: str
    causes: str
    next_steps: str
    self_assessed_progress: int | None
    values: list[ReportValueOut]


class SubmissionOut(Out):
    number: int
    submitted_at: datetime
    is_late: bool
    decision: str = Field(description='"", "accepted" or "returned"')
    review_comment: str
    reviewed_at: datetime | None
    content: dict[str, Any] = Field(description="The report as it was submitted, frozen.")


class ReportOut(Out):
    status: str
    version: int = Field(description="Pass it as `expected_version` to submit.")
    revision: int = Field(
        description="How many times it was submitted; pass it as `expected_revision` to review."
    )
    submitted_at: datetime | None
    is_late: bool
    revision_due_on: date | None
    draft: ReportDraftOut | None = Field(None, description="The author's working text.")
    last_submission: SubmissionOut | None


class ObligationOut(Out):
    id: int
    task_id: int
    assignment_id: int
    cadre_id: int
    kind: str
    year: int
    number: int
    label: str
    period_start: date
    period_end: date
    due_on: date
    state: str
    report: ReportOut | None


class ObligationPage(Page):
    items: list[ObligationOut]


class ProposalOut(Out):
    id: int
    task_id: int
    raised_by_id: int
    report_obligation_id: int | None
    title: str
    content: str
    beyond_authority: bool
    status: str
    created_at: datetime


class ProposalPage(Page):
    items: list[ProposalOut]


class MeetingOut(Out):
    id: int
    title: str
    held_on: date
    status: str


class MeetingPage(Page):
    items: list[MeetingOut]


class DirectiveOut(Out):
    id: int
    task_id: int
    proposal_id: int | None
    meeting_id: int | None
    source_document_id: int | None
    text: str
    responsible_cadre_id: int
    responsible_unit_id: int | None
    deadline: date
    issued_on: date
    status: str
    acknowledged_at: datetime | None
    completed_on: date | None


class DirectivePage(Page):
    items: list[DirectiveOut]


class NotificationOut(Out):
    id: int
    kind: str
    message: str
    url: str
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Page):
    items: list[NotificationOut]


class RuleSetBriefOut(Out):
    id: int
    name: str
    legal_basis: str
    effective_from: date
    general_points: int
    task_points: int


class EvaluationRoundOut(Out):
    id: int
    title: str
    kind: str
    period_start: date
    period_end: date
    group_name: str
    rule_set: RuleSetBriefOut
    self_assessment_deadline: date
    state: str
    approved_at: datetime | None
    version: int


class EvaluationRoundPage(Page):
    items: list[EvaluationRoundOut]


class BreakdownLineOut(Out):
    kind: str = Field(description="task, metric, report or directive")
    object_id: int = Field(description="The task, metric, report obligation or directive.")
    label: str
    role: str = Field(description="lead or support, for a task")
    outcome: str
    rule: str = Field(description="The rule the line applied, in words (Vietnamese).")
    weight: int
    share: Decimal = Field(description="The % of its weight the item earned, 0-100.")
    points: Decimal


class EvaluationOut(Out):
    id: int
    round_id: int
    cadre_id: int
    rule_set_id: int
    computed_task_points: Decimal
    computed_all_on_time: bool
    computed_beyond_percent: Decimal | None
    computed_at: datetime | None
    breakdown: list[BreakdownLineOut]
    self_points: list[Decimal] = Field(description="Per general criterion, in the rule order.")
    self_general_points: Decimal | None
    self_comment: str
    self_submitted_at: datetime | None
    suggested_total: Decimal
    suggested_rating: str
    disciplined: bool
    discipline_note: str
    proposed_general_points: Decimal | None
    proposed_task_points: Decimal | None
    proposed_beyond_percent: Decimal | None
    proposed_total: Decimal | None
    proposed_rating: str | None
    justification: str
    proposed_at: datetime | None
    approved_rating: str | None
    version: int


class EvaluationPage(Page):
    items: list[EvaluationOut]


# ---------------------------------------------------------------- writes


class ReportValueIn(Schema):
    metric_id: Id
    value: Amount | None = None


class ReportSubmitIn(Schema):
    expected_version: int = Field(
        ge=0, le=2**31 - 1, description="The report's `version` when it was read."
    )
    results: Annotated[Text, Field(max_length=50_000)]
    difficulties: Annotated[Text, Field(max_length=50_000)] = ""
    causes: Annotated[Text, Field(max_length=50_000)] = ""
    next_steps: Annotated[Text, Field(max_length=50_000)] = ""
    self_assessed_progress: int | None = Field(None, ge=0, le=100)
    values: list[ReportValueIn] | None = Field(
        None, max_length=500, description="Each metric's value; leave out to keep those saved."
    )


class ReviewIn(Schema):
    decision: Literal["accept", "return"]
    expected_revision: int = Field(
        ge=0, le=10_000, description="The report's `revision` the reviewer read."
    )
    comment: Annotated[Text, Field(max_length=10_000)] = ""
    revision_due_on: date | None = Field(
        None, description="When returned: the revised report is due then."
    )


class ProposalIn(Schema):
    title: Annotated[Text, Field(max_length=300)]
    content: Annotated[Text, Field(max_length=50_000)]
    beyond_authority: bool = False
    report_obligation_id: Id | None = Field(
        None, description="The obligation whose report the proposal comes with."
    )


class DirectiveIn(Schema):
    text: Annotated[Text, Field(max_length=50_000)]
    responsible_cadre_id: Id
    deadline: date
    responsible_unit_id: Id | None = None
    meeting_id: Id | None = Field(None, description="A held meeting that gave it; or:")
    source_document_id: Id | None = Field(None, description="the document that gives it.")
    proposal_id: Id | None = Field(None, description="The proposal it answers.")


class MetricValueIn(Schema):
    measured_on: date
    value: Amount
    note: Annotated[Text, Field(max_length=500)] = ""
