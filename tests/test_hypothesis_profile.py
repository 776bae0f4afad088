"""Property tests are not timed (the project's rule): on a busy machine Hypothesis's deadline
and its slow-generation health check would fail them at random, locally and in CI."""

from __future__ import annotations

from hypothesis import HealthCheck, settings


def test_property_tests_run_without_timing_checks() -> None:
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check
