"""Make docs/notebook_draw.png, the README's picture of `draw` in a notebook.

The figure is drawn from real PyTorch tensors when torch is importable (else from
autograd_core's: the picture is the same), written as a self-contained HTML page (plotly.js from
the plotly package, no network), and photographed in Chromium, which may live in another virtual
environment than torch:

    /path/to/torch-venv/bin/python docs/notebook_screenshot.py page /tmp/draw.html
    .venv/bin/python docs/notebook_screenshot.py shot /tmp/draw.html docs/notebook_draw.png
"""

from __future__ import annotations

import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
WIDTH = 840  # px: the whole graph at its natural size


def page(html: Path) -> None:
    try:
        import torch
    except ImportError:
        import autograd_core as torch
    from autograd_core.playground import draw

    # The README's example: one neuron, one squared error, its parameters named by torchviz's
    # params= (here the module itself), its call framed.
    neuron = torch.nn.Linear(2, 1)
    with torch.no_grad():
        neuron.weight.copy_(torch.tensor([[0.5, -1.0]]))
        neuron.bias.copy_(torch.tensor([0.25]))
    x = torch.tensor([[1.0, 2.0]])
    target = torch.tensor([[1.0]])
    with draw.recording():  # the module call, framed
        pred = neuron(x)
        loss = torch.nn.functional.mse_loss(pred, target)
    names = {"x": x, "target": target, "pred": pred, "loss": loss}
    fig = draw(loss, names=names, params=neuron, replay=True)
    fig.update_layout(width=WIDTH)
    fig.write_html(html, include_plotlyjs=True, full_html=True, auto_play=False)
    print(f"wrote {html} (tensors from {torch.__name__})")


def shot(html: Path, png: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        tab = browser.new_page(viewport={"width": WIDTH + 20, "height": 800})
        tab.goto(html.resolve().as_uri())
        tab.wait_for_selector(".js-plotly-plot .main-svg")
        tab.locator(".js-plotly-plot").screenshot(path=str(png))
        browser.close()
    print(f"wrote {png}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["page"]:
        page(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["shot"]:
        shot(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        sys.exit(__doc__)
