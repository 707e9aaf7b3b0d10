"""What every page needs so that every learner can use it: readable colours, a visible keyboard
focus, the charts' replay controls reachable from the keyboard, and no motion for those who
asked their system for less.

Streamlit draws its widgets and code blocks itself; where its own colours fall short of WCAG AA
(syntax highlighting at 2.3-3.8:1, captions at 3.9:1) a small style sheet overrides them with
the named colours of playground/figures/style.py. Plotly draws a chart's ▶ Play / Pause buttons
and its step slider as SVG that neither the Tab key nor a screen reader can reach; a short script
gives them a role, a name, a place in the tab order and the keys people expect (Enter and Space
press a button; the arrow keys, Home, End, Page Up and Page Down move the slider); it also lets
the keyboard scroll a formula or printed text wider than its column.

With "reduce motion" set in the system (the `prefers-reduced-motion` media query), the charts'
Play buttons are hidden: every animated chart already opens on its final state, and its step
slider (mouse or keyboard) walks through the steps without moving pictures.
"""

from __future__ import annotations

import streamlit as st

from autograd_core.playground.figures.style import (
    CAPTION,
    CODE_BACKGROUND,
    CODE_TOKENS,
    FOCUS,
    PAGE_TEXT,
)
from ui.code_cell import PRINTED, WRAPPED

MONOSPACE = "'Source Code Pro', ui-monospace, monospace"  # Streamlit's own code font first

# Prism's token classes (Streamlit highlights code with it) -> our colour names.
_TOKEN_CLASSES = {
    "comment": ("comment", "prolog", "doctype", "cdata"),
    "punctuation": ("punctuation",),
    "number": ("number", "regex"),
    "boolean": ("boolean", "constant", "symbol"),
    "string": ("string", "char", "attr-value"),
    "keyword": ("keyword", "tag"),
    "function": ("function", "class-name", "selector"),
    "operator": ("operator", "entity", "decorator", "atrule"),
    "property": ("attr-name", "property", "variable"),
    "builtin": ("builtin", "url"),
    "important": ("important",),
}


def style_sheet() -> str:
    """The page's extra CSS (a pure function of the palette, so a test can read it)."""
    rules = [
        f'[data-testid="stCaptionContainer"] {{ color: {CAPTION}; opacity: 1; }}',
        f'[data-testid="stSliderTickBarMin"], [data-testid="stSliderTickBarMax"] '
        f"{{ color: {CAPTION}; }}",
    ]
    for name, classes in _TOKEN_CLASSES.items():
        selector = ", ".join(f"pre .token.{c}" for c in classes)
        rules.append(f"{selector} {{ color: {CODE_TOKENS[name]} !important; }}")
    rules += [
        # The code box: code reads better in a fixed-width font (the app's only text area).
        f'[data-testid="stTextArea"] textarea {{ font-family: {MONOSPACE}; font-size: 0.9rem;'
        " line-height: 1.45; }",
        # What a program printed (ui/code_cell.printed): the look of a code block, literal text.
        f'[class*="st-key-{PRINTED}"] [data-testid="stText"] {{ background: {CODE_BACKGROUND};'
        " border-radius: 0.5rem; padding: 0.75rem 1rem; overflow-x: auto;"
        " box-sizing: border-box; }",
        f'[class*="st-key-{PRINTED}"] [data-testid="stText"] > span {{ font-family: {MONOSPACE};'
        f" font-size: 0.875rem; line-height: 1.5; color: {PAGE_TEXT}; white-space: pre;"
        " width: auto; }",
        f'[class*="st-key-{WRAPPED}"] [data-testid="stText"] > span {{ white-space: pre-wrap; }}',
        # A laptop's 1024-px screen with the sidebar open leaves a page about 560 px between
        # Streamlit's wide margins: narrower margins there, and a button's label wraps rather
        # than being cut to "optimizer..." (which of the two optimizer buttons is it?). A test
        # (tests/browser/test_small_screens.py) finds any words an ellipsis cuts, on every page.
        "@media (max-width: 1280px) { [data-testid='stMainBlockContainer'] {"
        " padding-left: 1.5rem !important; padding-right: 1.5rem !important; } }",
        ".stButton button, .stButton button * { white-space: normal !important;"
        " overflow: visible !important; text-overflow: clip !important;"
        " overflow-wrap: anywhere; }",
        ".stButton button { height: auto !important; }",
        # The same for a checkbox's or a toggle's words and a link to another page.
        '[data-testid="stMain"] label [data-testid="stMarkdownContainer"] *,'
        ' [data-testid="stPageLink-NavLink"] * { white-space: normal !important;'
        " overflow: visible !important; text-overflow: clip !important; }",
        # Columns inside a column that has become narrow (the Gradient Descent page's pairs of
        # optimizer boxes, at 1024 px only ~85 px each: "Mo...", "Ad...") stack instead.
        '[data-testid="stColumn"], [class*="st-key-stack_"] { container-type: inline-size; }',
        '@container (max-width: 220px) { [data-testid="stHorizontalBlock"] {'
        " flex-direction: column !important; gap: 0 !important; }"
        ' [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {'
        " width: 100% !important; flex: 1 1 auto !important; } }",
        # Columns of a container keyed "stack_..." stack once it is narrower than 760 px.
        "@container (max-width: 760px) {"
        ' [class*="st-key-stack_"] [data-testid="stHorizontalBlock"] {'
        " flex-direction: column !important; gap: 1rem !important; }"
        ' [class*="st-key-stack_"] [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {'
        " width: 100% !important; flex: 1 1 auto !important; } }",
        # Where Streamlit marks keyboard focus only by a grey background (the page links, the
        # same grey as the page you are on) or a thin coloured border (text boxes, drop-downs),
        # a ring as clear as the one on buttons.
        # (The page itself takes focus too, so the arrow keys can scroll it: a ring inside.)
        f'[data-testid="stMain"]:focus-visible {{ outline: 2px solid {FOCUS};'
        " outline-offset: -2px; }",
        '[data-testid="stSidebarNav"] a:focus-visible,'
        ' [data-testid="stPageLink-NavLink"]:focus-visible,'
        ' [data-testid="stExpander"] summary:focus-visible'
        f" {{ outline: 2px solid {FOCUS} !important; outline-offset: 1px; }}",
        # (a text box's or a drop-down's border is the box around its <input> or <textarea>)
        '[data-testid="stMain"] div:has(> input:focus-visible),'
        ' [data-testid="stMain"] div:has(> textarea:focus-visible)'
        f" {{ outline: 2px solid {FOCUS}; outline-offset: 1px; }}",
        '[data-testid="stMain"] label:has(input:focus-visible)'
        f" {{ outline: 2px solid {FOCUS}; outline-offset: 2px; border-radius: 0.25rem; }}",
        # A focus ring on the chart controls the script below makes focusable (plotly draws
        # their outline with inline styles, hence !important).
        ".js-plotly-plot [data-a11y]:focus { outline: none; }",
        f".js-plotly-plot [data-a11y]:focus-visible .updatemenu-item-rect, "
        f".js-plotly-plot [data-a11y]:focus-visible .slider-grip-rect, "
        f".js-plotly-plot [data-a11y]:focus-visible .slider-rail-rect "
        f"{{ stroke: {FOCUS} !important; stroke-width: 3px !important; }}",
        # High contrast (Windows' contrast themes, `forced-colors`) drops every background
        # colour, and with it a toggle's track and knob and a checkbox's box: the switches
        # vanished, their words left floating. Borders and system colours draw them again.
        "@media (forced-colors: active) {",
        '  [data-testid="stMain"] label[data-rac] > div:not([data-testid])'
        " { border: 1px solid CanvasText; }",
        '  [data-testid="stMain"] label[data-rac] > div:not([data-testid]) > div'
        " { forced-color-adjust: none; background: CanvasText; }",
        '  [data-testid="stMain"] label[data-rac][data-selected="true"] > div:not([data-testid])'
        " { forced-color-adjust: none; background: Highlight; }",
        "}",
        "@media (prefers-reduced-motion: reduce) {",
        "  .js-plotly-plot .updatemenu-container { display: none; }",
        "  *, *::before, *::after { animation-duration: 0.01ms !important;"
        " animation-iteration-count: 1 !important; transition-duration: 0.01ms !important;"
        " scroll-behavior: auto !important; }",
        "}",
    ]
    return "<style>\n" + "\n".join(rules) + "\n</style>"


# Runs once per browser tab (the page is one document across page switches); a MutationObserver
# catches every chart as Streamlit draws or redraws it.
_KEYBOARD_SCRIPT = r"""
<script>
(() => {
  if (window.__playgroundKeyboard) return;
  window.__playgroundKeyboard = true;
  const KEYS = {ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: 10, PageDown: -10};

  function press(button) {
    button.dispatchEvent(new MouseEvent('click', {bubbles: true}));
  }

  function buttons(gd) {
    gd.querySelectorAll('.updatemenu-button').forEach((button) => {
      // Named by its words alone: a screen reader would read "▶" and "❚❚" out as symbols.
      const words = (button.textContent || '').trim();
      button.setAttribute('aria-label', words.replace(/^[^\p{L}\p{N}]+/u, '') || words);
      if (button.dataset.a11y) return;
      button.dataset.a11y = 'button';
      button.setAttribute('tabindex', '0');
      button.setAttribute('role', 'button');
      button.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          press(button);
        }
      });
    });
  }

  function sliderState(gd, index) {
    const slider = (gd._fullLayout.sliders || [])[index];
    const steps = (gd.layout.sliders || [])[index]?.steps || [];
    return {slider, steps};
  }

  function describe(gd, group, index) {
    const {slider, steps} = sliderState(gd, index);
    if (!slider || !steps.length) return;
    const active = slider.active ?? steps.length - 1;
    const prefix = (slider.currentvalue && slider.currentvalue.prefix) || 'step ';
    group.setAttribute('aria-valuemin', '0');
    group.setAttribute('aria-valuemax', String(steps.length - 1));
    group.setAttribute('aria-valuenow', String(active));
    // The chart's caption for that step (frames change it), read along with the number.
    const note = ((gd.layout.annotations || [])[0] || {}).text || '';
    const words = note.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    const value = prefix + (steps[active].label ?? active);
    group.setAttribute('aria-valuetext', words ? `${value}: ${words}` : value);
    group.setAttribute('aria-label', prefix.replace(/[\s:=]+$/, '') + ' (arrow keys move it)');
  }

  function sliders(gd) {
    gd.querySelectorAll('.slider-container').forEach((group, index) => {
      describe(gd, group, index);
      if (group.dataset.a11y) return;
      group.dataset.a11y = 'slider';
      group.setAttribute('tabindex', '0');
      group.setAttribute('role', 'slider');
      group.addEventListener('keydown', (event) => {
        const {slider, steps} = sliderState(gd, index);
        if (!slider || !steps.length) return;
        const last = steps.length - 1;
        const now = slider.active ?? last;
        let next = null;
        if (event.key in KEYS) next = now + KEYS[event.key];
        if (event.key === 'Home') next = 0;
        if (event.key === 'End') next = last;
        if (next === null) return;
        event.preventDefault();
        next = Math.max(0, Math.min(last, next));
        const step = steps[next];
        if (step.method === 'animate') window.Plotly.animate(gd, ...step.args);
        window.Plotly.relayout(gd, {[`sliders[${index}].active`]: next}).then(() => {
          describe(gd, group, index);
          const again = gd.querySelectorAll('.slider-container')[index];
          if (again && document.activeElement !== again) again.focus();
        });
      });
    });
  }

  // A chart is a named figure (its words from ui/charts.chart, else a general name); the loose
  // words of the picture (tick labels, node names, the legend, the caption) are hidden from a
  // screen reader, which would read them one by one without their places. The controls stay,
  // plotly's zoom and download buttons too (the keyboard reaches them).
  function figure(gd) {
    const words = (gd.layout && gd.layout.meta && gd.layout.meta.alt) ||
      'A chart: the text version under it has its numbers.';
    if (gd.getAttribute('aria-label') !== words) gd.setAttribute('aria-label', words);
    gd.setAttribute('role', 'figure');
    gd.querySelectorAll('svg.main-svg text').forEach((loose) => {
      if (!loose.closest('[data-a11y]')) loose.setAttribute('aria-hidden', 'true');
    });
    // The drawing's layers are no images of their own (each would be read as "image").
    gd.querySelectorAll('svg.main-svg').forEach((layer) => layer.setAttribute('role', 'none'));
  }

  // A formula, printed text or a code block wider than its column scrolls sideways: the
  // keyboard must be able to scroll it too.
  const WIDE = {
    '.katex-display': 'formula',
    '[class*="st-key-PRINTED"] [data-testid="stText"]': 'printed text',
    '[data-testid="stCode"] pre': 'code',
  };
  function formulas() {
    Object.entries(WIDE).forEach(([selector, what]) => {
      document.querySelectorAll(selector).forEach((box) => {
        if (box.scrollWidth <= box.clientWidth || box.hasAttribute('tabindex')) return;
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'group');
        box.setAttribute('aria-label', `${what} (scroll sideways to read all of it)`);
      });
    });
  }

  // Streamlit names a widget by its label as written, markdown and all: a screen reader would
  // say "star star" for **bold** and "grave" for `code`. The name keeps only the words. (Only
  // widgets: a chart's name may quote code as typed, x**3.)
  function plainNames() {
    const marked = ':is(input, textarea, button)[aria-label*="**"],'
      + ' :is(input, textarea, button)[aria-label*="`"]';
    document.querySelectorAll(marked).forEach((e) => {
      e.setAttribute('aria-label', e.getAttribute('aria-label').replace(/\*\*|`/g, ''));
    });
  }

  // Streamlit puts a "Link to heading" anchor in every heading: a dozen Tab stops a page, all
  // with the same name, each read out inside its heading ("Graph Explorer, link, Link to
  // heading"). It stays for the mouse (it shows on hover) and leaves the keyboard's and the
  // screen reader's way.
  function headingLinks() {
    document.querySelectorAll('[data-testid="stHeaderActionElements"]').forEach((box) => {
      if (box.getAttribute('aria-hidden') === 'true') return;
      box.setAttribute('aria-hidden', 'true');
      box.querySelectorAll('a').forEach((link) => link.setAttribute('tabindex', '-1'));
    });
  }

  function enhance() {
    plainNames();
    headingLinks();
    formulas();
    document.querySelectorAll('.js-plotly-plot').forEach((gd) => {
      if (!gd._fullLayout || !window.Plotly) return;
      figure(gd);
      buttons(gd);
      sliders(gd);
    });
  }

  let queued = false;
  const later = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; enhance(); });
  };
  new MutationObserver(later).observe(document.body, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['aria-label'],
  });
  // A narrower window (or a zoom) can make a code block wider than its column.
  window.addEventListener('resize', later);
  enhance();
})();
</script>
"""


# The printed boxes' key prefix, from ui.code_cell (one name for it in both places).
KEYBOARD_SCRIPT = _KEYBOARD_SCRIPT.replace("PRINTED", PRINTED)


def page_support() -> None:
    """Put the style sheet and the keyboard script on the page (call once per run, from app.py).
    Both are constants: the script is ours, never built from anything a learner typed."""
    st.html(style_sheet())
    with st.sidebar:
        st.html(KEYBOARD_SCRIPT, unsafe_allow_javascript=True, width="content")
