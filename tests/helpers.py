"""Constants and small helpers the tests share (fixtures live in conftest.py)."""

import re
from contextlib import contextmanager
from datetime import date

from django.db.models import Model

TODAY = date(2024, 10, 15)
PASSWORD = "mat-khau-thu-nghiem-2024"
PLAN_START = date(2023, 11, 29)
PLAN_END = date(2025, 12, 31)

# Letters that only Vietnamese text has; a translated message contains at least one.
VIETNAMESE_LETTERS = re.compile(
    r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]"
)


def messages_of(error) -> str:
    """All the messages of a ValidationError, as one string."""
    return " ".join(str(message) for message in error.messages)


def assert_vietnamese(message: str) -> None:
    """The message was translated: it has letters only Vietnamese writes."""
    assert VIETNAMESE_LETTERS.search(message), f"not a Vietnamese message: {message!r}"


# Hypothesis: the same examples on every run and machine, no example database in the tree.
REPRODUCIBLE = {"derandomize": True, "database": None, "deadline": None}


def held_meeting(*, title: str, held_on: date, by):
    """A Standing Committee meeting already held: only such a meeting gives directives."""
    from thaogo.direction import services

    meeting = services.meeting_create(title=title, held_on=held_on, by=by)
    return services.meeting_update(
        meeting=meeting, by=by, expected_version=meeting.version, status="held"
    )


def form_as_served(html: str, form_id: str | None = None) -> dict[str, list[str]]:
    """The fields a browser would send for a form left as the page serves it: what a user who
    changes nothing submits. The form with this id, or else the first POST form that posts to
    its own page (no action). Buttons and file inputs are left out."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.inside, self.found, self.fields = False, False, {}
            self.textarea, self.select = None, None

        def add(self, name: str, value: str) -> None:
            self.fields.setdefault(name, []).append(value)

        def handle_starttag(self, tag: str, attrs: list) -> None:
            a = {key: value if value is not None else "" for key, value in attrs}
            if tag == "form":
                if form_id is not None:
                    self.inside = a.get("id") == form_id
                else:
                    own = a.get("method", "").lower() == "post" and "action" not in a
                    self.inside = own and not self.found
                self.found = self.found or self.inside
            if not self.inside or ("name" not in a and tag != "option"):
                return
            kind = a.get("type", "text")
            if tag == "input" and kind not in ("submit", "button", "file", "image", "reset"):
                if kind not in ("checkbox", "radio") or "checked" in a:
                    self.add(a["name"], a.get("value", "on" if kind == "checkbox" else ""))
            elif tag == "textarea":
                self.textarea = a["name"]
                self.add(self.textarea, "")
            elif tag == "select":
                self.select = a["name"]
            elif tag == "option" and self.select and "selected" in a:
                self.add(self.select, a.get("value", ""))

        def handle_data(self, data: str) -> None:
            if self.inside and self.textarea:
                self.fields[self.textarea][-1] += data

        def handle_endtag(self, tag: str) -> None:
            if tag == "form":
                self.inside = False
            elif tag == "textarea":
                self.textarea = None
            elif tag == "select":
                self.select = None

    reader = Reader()
    reader.feed(html)
    assert reader.found, f"no form {form_id or 'posting to its page'} on the page"
    return reader.fields


def quarter_round(world):
    """An evaluation round of the third quarter of 2024 with one cadre: Đạt (the `cadre`
    user)."""
    from thaogo.evaluation import services

    return services.round_open(
        title="Đánh giá quý III/2024",
        kind="quarter",
        period_start=date(2024, 7, 1),
        period_end=date(2024, 9, 30),
        group_name="Kế hoạch 164",
        cadres=[world.dat],
        self_assessment_deadline=date(2024, 10, 25),
        by=world.btc,
    )


def rule_records(world) -> dict[str, int]:
    """One record of each of the administrator's rule registers, by the argument names the
    access matrix and the two-tab tests use: a deadline rule and a committee term made here,
    a unit of measure and a make-up working day the migrations seed."""
    from thaogo.core.models import DeadlineRule
    from thaogo.reporting.models import SwappedWorkingDay
    from thaogo.tasks.models import UnitOfMeasure
    from thaogo.units.models import CommitteeTerm

    rule = DeadlineRule.objects.create(valid_from=date(2024, 1, 1), legal_basis="QĐ 42/2014")
    term = CommitteeTerm.objects.create(
        unit=world.district,
        label="2020-2025",
        starts_on=date(2020, 10, 1),
        ends_on=date(2025, 9, 30),
    )
    return {
        "deadline_rule": rule.pk,
        "unit_of_measure": UnitOfMeasure.objects.get(code="households").pk,
        "swapped_day": SwappedWorkingDay.objects.order_by("date").first().pk,
        "committee_term": term.pk,
    }


@contextmanager
def no_deferred_loads():
    """Fails if a column left out of a query (`only()`, `defer()`) is read afterwards: each
    such read is one more query per object, which a page's query count at one size hides."""
    loads: list[str] = []
    original = Model.refresh_from_db

    def recording(self, using=None, fields=None, **kwargs):
        if fields:  # a deferred column's first read asks for that column alone
            loads.append(f"{type(self).__name__}.{','.join(fields)}")
        return original(self, using=using, fields=fields, **kwargs)

    Model.refresh_from_db = recording
    try:
        yield
    finally:
        Model.refresh_from_db = original
    assert loads == [], f"columns read after their query: {loads}"


def submitted_q3_report(world, results: str = "Kết quả"):
    """The clearance lead's report for the third quarter of 2024, written and submitted."""
    from thaogo.reporting import services
    from thaogo.reporting.models import ReportObligation

    obligation = ReportObligation.objects.get(
        assignment=world.clearance_lead, period_end=date(2024, 9, 14)
    )
    report = services.report_for(obligation)
    report = services.report_save_draft(
        report=report, by=world.cadre, expected_version=report.version, results=results
    )
    return services.report_submit(report=report, by=world.cadre, expected_version=report.version)
