"""autograd_core.playground.figures.gradient_descent: what the learner sees of a race.

Figures are checked as data (what plotly.js will draw): frames replay the paths step by step,
racers differ by more than colour, the contour is sent once, and the payload stays bounded.
"""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from autograd_core.playground import gradient_descent as descent
from autograd_core.playground.figures import gradient_descent as figures
from autograd_core.playground.figures.gradient_descent import (
    MAX_FRAMES,
    frame_steps,
    height_transform,
    look,
)
from autograd_core.playground.gradient_descent import OPTIMIZERS, PRESETS, OptimizerChoice, race
from tests.plotly_check import checked


def descent_figure(*args, **kwargs):
    return checked(figures.descent_figure(*args, **kwargs))


def surface_figure(*args, **kwargs):
    return checked(figures.surface_figure(*args, **kwargs))


def build(key, kinds=("SGD", "Momentum", "Adam"), steps=None, theme="light", **kw):
    objective = PRESETS[key]
    choices = [OptimizerChoice(k, {"lr": objective.lrs[k]}) for k in kinds]
    result = race(objective, choices, steps=steps, **kw)
    bounds = descent.view_bounds(result)
    surf = descent.surface(objective, bounds, n=41)
    return result, surf, descent_figure(result, surf, bounds, theme=theme)


def moving(fig):
    """The traces the frames move: two per racer (path, loss)."""
    return fig.frames[0].traces


def test_one_frame_per_update_for_a_short_race_from_start_to_end():
    result, _, fig = build("shifted", kinds=("SGD",), steps=20)
    assert [f.name for f in fig.frames] == [str(k) for k in range(21)]
    path_first, loss_first = fig.frames[0].data
    assert list(path_first.x) == [0.0] and list(loss_first.y) == [9.0]
    path_last = fig.frames[-1].data[0]
    np.testing.assert_array_equal(path_last.x, result.runs[0].points[:, 0].astype(np.float32))
    # 1-D: the path runs along the curve, at height f(x).
    np.testing.assert_array_equal(path_last.y, result.runs[0].losses.astype(np.float32))


def test_long_races_get_a_bounded_number_of_frames():
    _, _, fig = build("rosenbrock", steps=200)
    assert len(fig.frames) == MAX_FRAMES
    assert fig.frames[0].name == "0" and fig.frames[-1].name == "200"
    assert frame_steps(500) == sorted(set(frame_steps(500))) and len(frame_steps(500)) == 60


def test_the_figure_opens_on_the_finished_race_and_plays_from_the_start():
    _, _, fig = build("bowl")
    last = fig.frames[-1]
    for index, data in zip(last.traces, last.data):
        np.testing.assert_array_equal(fig.data[index].x, data.x)
    menu = fig.layout.updatemenus[0]
    labels = [b.label for b in menu.buttons]
    assert labels == ["▶ Play", "❚❚ Pause"]
    play = menu.buttons[0].args[1]
    assert play["fromcurrent"] is False and play["frame"]["duration"] > 0
    # redraw: with redraw=False plotly.js drops the contour and keeps a stale caption.
    assert play["frame"]["redraw"] is True
    slider = fig.layout.sliders[0]
    assert slider.active == len(fig.frames) - 1
    assert [s.label for s in slider.steps] == [f.name for f in fig.frames]


def test_the_current_point_is_drawn_big():
    _, _, fig = build("bowl", kinds=("SGD",), steps=10)
    path = fig.frames[4].data[0]
    assert list(path.marker.size) == [5, 5, 5, 5, 15]
    loss = fig.frames[4].data[1]
    assert list(loss.marker.size) == [0, 0, 0, 0, 11]


def test_racers_differ_by_dash_and_marker_not_only_colour():
    _, _, fig = build("himmelblau", kinds=tuple(OPTIMIZERS))
    paths = [fig.data[i] for i in moving(fig)[::2]]
    assert len(paths) == 7
    assert len({p.line.dash for p in paths}) == 7
    assert len({p.marker.symbol for p in paths}) == 7
    assert len({p.name for p in paths}) == 7
    for theme in ("light", "dark"):
        assert len({look(i, theme)[0] for i in range(7)}) == 7


def test_contour_for_two_variables_curve_for_one():
    _, surf, fig2 = build("rosenbrock", steps=10)
    contour = fig2.data[0]
    assert contour.type == "contour" and contour.z.shape == surf.z.shape
    assert all(contour is not fig2.data[i] for i in moving(fig2))  # sent once, never in frames
    _, _, fig1 = build("wiggly", steps=10)
    assert fig1.data[0].type == "scatter" and fig1.data[0].name == "f(x)"
    assert fig1.layout.yaxis.title.text == "f(x)"


def test_rosenbrock_is_shaded_on_a_log_scale():
    _, surf, _ = build("rosenbrock", steps=5)
    _, logged = height_transform(surf.z)
    assert logged
    _, bowl_surf, _ = build("bowl", steps=5)
    assert not height_transform(bowl_surf.z)[1]


def test_minima_and_start_are_marked():
    _, _, fig = build("himmelblau", steps=5)
    minima = next(t for t in fig.data if t.name == "minima")
    assert len(minima.x) == 4 and minima.marker.symbol == "star"
    start = next(t for t in fig.data if t.name == "start")
    assert (start.x[0], start.y[0]) == PRESETS["himmelblau"].start


def test_a_diverged_path_ends_in_a_cross_and_stays_put():
    result = race(PRESETS["square"], [OptimizerChoice("SGD", {"lr": 1.5})], steps=60)
    bounds = descent.view_bounds(result)
    fig = descent_figure(result, descent.surface(result.objective, bounds), bounds)
    run = result.runs[0]
    last = fig.frames[-1].data[0]
    assert len(last.x) == run.updates + 1
    assert list(last.marker.symbol)[-1] == "x"
    assert "stopped early" in fig.layout.annotations[0].text


def test_loss_axis_is_logarithmic_when_the_loss_spans_decades():
    _, _, fig = build("shifted", kinds=("SGD",), steps=20)
    assert fig.layout.yaxis2.type == "log"
    result = race(PRESETS["wiggly"], [OptimizerChoice("SGD", {"lr": 0.01})], steps=5)
    bounds = descent.view_bounds(result)
    fig = descent_figure(result, descent.surface(result.objective, bounds), bounds)
    assert fig.layout.yaxis2.type == "linear"  # the loss goes negative


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_themes_colour_the_text(theme):
    _, _, fig = build("bowl", steps=5, theme=theme)
    assert fig.layout.font.color == ("#262730" if theme == "light" else "#fafafa")


def test_the_biggest_race_stays_a_reasonable_download():
    objective = PRESETS["rastrigin"]
    choices = [OptimizerChoice(k, {"lr": objective.lrs[k]}) for k in OPTIMIZERS]
    result = race(objective, choices, steps=descent.MAX_STEPS)
    bounds = descent.view_bounds(result)
    fig = descent_figure(result, descent.surface(objective, bounds, n=101), bounds)
    size = len(pio.to_json(fig, validate=False))
    assert size < 4_000_000, size


def test_user_text_never_reaches_the_figure_unescaped():
    objective = descent.custom_objective("(x - 1)**2 + 0*y  # <b>bold</b>")
    result = race(objective, [OptimizerChoice("SGD")], steps=5)
    bounds = descent.view_bounds(result)
    fig = descent_figure(result, descent.surface(objective, bounds, n=21), bounds)
    text = fig.to_json()
    assert "<b>bold" not in text and "<script" not in text


def test_surface_figure_shows_every_path_on_the_surface():
    result, surf, _ = build("himmelblau", kinds=("SGD", "Adam"), steps=30)
    fig = surface_figure(result, surf)
    assert fig.data[0].type == "surface"
    paths = [t for t in fig.data if t.type == "scatter3d"]
    assert [p.name for p in paths] == [r.label for r in result.runs]
    assert len(paths[0].x) == result.runs[0].updates + 1
    assert isinstance(fig, go.Figure)
    json.loads(fig.to_json())


def test_surface_figure_needs_two_variables():
    result, surf, _ = build("square", kinds=("SGD",), steps=3)
    with pytest.raises(ValueError, match="x and y"):
        surface_figure(result, surf)
