"""Play / pause buttons and a slider for a figure with animation frames, played in the browser.

    layout |= play_controls(["0", "5", "10"], colours, prefix="update ", duration=120, y=-0.1)

One look for every animated figure (backward replay, descent race, training): the buttons at
the left, the slider to their right, one slider step per frame (named as the frame is), the
slider starting on the last frame because figures open on their finished state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def frame_duration(frames: int, total_ms: int) -> int:
    """Milliseconds per frame for a replay of about `total_ms`, kept readable (60-400 ms)."""
    return int(min(400, max(60, total_ms / max(frames, 1))))


def play_controls(
    names: Sequence[Any],
    colours: dict[str, str],
    *,
    prefix: str | None,
    duration: int,
    y: float,
    slider_y: float | None = None,
    slider_x: float = 0.2,
    play: str = "▶ Play",
    resume: bool = False,
) -> dict[str, list[dict[str, Any]]]:
    """`updatemenus` and `sliders` for a layout whose frames are named `names`.

    prefix   the words before the slider's current frame name; None: no such label (where the
             figure already says which frame is showing)
    play     the first button's words ("▶ Replay" where the figure replays a recorded pass)
    resume   add a Resume button that carries on from the frame showing (long replays)
    """
    playing = {
        "frame": {"duration": duration, "redraw": True},
        "transition": {"duration": 0},
        "fromcurrent": False,
        "mode": "immediate",
    }
    paused = {"frame": {"duration": 0, "redraw": True}, "mode": "immediate"}
    buttons = [
        {"label": play, "method": "animate", "args": [None, playing]},
        {"label": "❚❚ Pause", "method": "animate", "args": [[None], paused]},
    ]
    if resume:
        resumed = {**playing, "fromcurrent": True}
        buttons.append({"label": "Resume", "method": "animate", "args": [None, resumed]})
    jump = {
        "mode": "immediate",
        "frame": {"duration": 0, "redraw": True},
        "transition": {"duration": 0},
    }
    text = {"color": colours["text"]}
    return {
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "x": 0.0,
                "y": y,
                "xanchor": "left",
                "yanchor": "top",
                "pad": {"r": 8, "t": 0},
                "bgcolor": colours["hover"],
                "bordercolor": colours["edge"],
                "font": text,
                "buttons": buttons,
            }
        ],
        "sliders": [
            {
                "active": len(names) - 1,
                "x": slider_x,
                "len": 1 - slider_x,
                "y": y if slider_y is None else slider_y,
                "yanchor": "top",
                "pad": {"t": 0},
                "currentvalue": (
                    {"visible": False}
                    if prefix is None
                    else {"prefix": prefix, "xanchor": "right", "font": text}
                ),
                "font": text,
                "bgcolor": colours["hover"],
                "bordercolor": colours["edge"],
                "activebgcolor": colours["edge"],
                "tickcolor": colours["edge"],
                "steps": [
                    {"label": str(n), "method": "animate", "args": [[str(n)], jump]} for n in names
                ],
            }
        ],
    }
