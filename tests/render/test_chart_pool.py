"""Charts drawn by renderer processes come out as the server's own process draws them."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from gaugeboard.render import chart_pool
from gaugeboard.render.charts import chart_svg, draw_chart
from gaugeboard.render.snapshot import forget_drawings
from gaugeboard.render.theme import DARK, LIGHT
from tests.render.helpers import bars_spec


@pytest.fixture
def two_processes() -> Iterator[None]:
    forget_drawings()
    chart_pool.configure(2)
    yield
    chart_pool.shutdown()
    chart_pool.configure(0)


def test_charts_drawn_by_the_processes_equal_the_ones_drawn_here(two_processes: None) -> None:
    charts = [(bars_spec([3, 1, 4]), LIGHT), (bars_spec([1, 5, 9]), DARK)]
    charts.append((bars_spec([2, 6]), LIGHT))
    assert chart_pool.predraw(charts) == 3
    assert [chart_svg(spec, palette) for spec, palette in charts] == [
        draw_chart(spec, palette) for spec, palette in charts
    ]


def test_one_missing_chart_is_drawn_here_without_starting_processes(two_processes: None) -> None:
    assert chart_pool.predraw([(bars_spec([1, 2]), LIGHT)]) == 0
    assert chart_pool._pool is None  # noqa: SLF001


def test_without_processes_nothing_is_drawn_ahead() -> None:
    forget_drawings()
    chart_pool.configure(0)
    assert chart_pool.predraw([(bars_spec([1, 2]), LIGHT), (bars_spec([3, 4]), LIGHT)]) == 0


def test_a_killed_renderer_process_is_replaced_at_the_next_snapshot(two_processes: None) -> None:
    assert chart_pool.predraw([(bars_spec([7, 1]), LIGHT), (bars_spec([8, 2]), LIGHT)]) == 2
    pool = chart_pool._pool  # noqa: SLF001
    assert pool is not None
    for pid in list(pool._processes):  # noqa: SLF001
        os.kill(pid, signal.SIGKILL)
    forget_drawings()
    drawn = chart_pool.predraw([(bars_spec([7, 1]), LIGHT), (bars_spec([8, 2]), LIGHT)])
    if drawn == 0:  # the dead pool was noticed by this call and dropped
        drawn = chart_pool.predraw([(bars_spec([7, 1]), LIGHT), (bars_spec([8, 2]), LIGHT)])
    assert drawn == 2 and chart_pool._pool is not pool  # noqa: SLF001
