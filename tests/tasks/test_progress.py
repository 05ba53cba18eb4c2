"""A metric's progress is a percentage whatever its baseline, target and measured value."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import REPRODUCIBLE
from thaogo.tasks.models import MeasureUnit, Metric

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@settings(max_examples=200, **REPRODUCIBLE)
@given(baseline=amounts, target=amounts, current=amounts)
def test_progress_is_always_between_0_and_100(baseline, target, current):
    if baseline == target:
        target = baseline + 1
    metric = Metric(name="x", unit_id=MeasureUnit.BILLION_VND, baseline=baseline, target=target)
    progress = metric.progress_percent(current)
    assert 0 <= progress <= 100
    if current == target:
        assert progress == 100
    if current == baseline:
        assert progress == 0
