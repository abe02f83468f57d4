"""Play a module notebook inside the participant's kernel.

The module notebook is the one place a trainer edits; the app shows it by playing its cells:
markdown cells in the participant's language become text, code cells run in order in a
namespace of their own, and the widget a cell ends with is shown in its place."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import ipywidgets as ipw
import mistune
from IPython.display import display

from ..content.notebooks import cells_for
from ..participation import Participation, set_current
from .common import html_block

log = logging.getLogger("waspada.player")
_markdown = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])


def markdown_html(source: str) -> str:
    """Trainer-written markdown (trusted content from the kit, never participant text)."""
    return _markdown(source)


def _run_cell(source: str, namespace: dict, filename: str, output: ipw.Output) -> object:
    """Run a code cell; return the value of its last expression, if it ends with one."""
    tree = ast.parse(source, filename=filename)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    with output:
        exec(compile(tree, filename, "exec"), namespace)  # noqa: S102 - the kit's own notebook
        if last is not None:
            return eval(compile(last, filename, "eval"), namespace)  # noqa: S307
    return None


def play(notebook: Path, participation: Participation, error_text: str) -> ipw.VBox:
    """The cells of one module notebook, as widgets, for one participant."""
    set_current(participation)
    namespace: dict = {"__name__": "__waspada_module__"}
    children: list[ipw.Widget] = []
    for cell in cells_for(notebook, participation.lang, facilitator=participation.facilitator):
        if cell.kind == "markdown":
            children.append(html_block(markdown_html(cell.source), "wsp-markdown"))
            continue
        output = ipw.Output(layout=ipw.Layout(width="100%"))
        try:
            result = _run_cell(cell.source, namespace, f"{notebook.name}:cell{cell.index + 1}",
                               output)
        except Exception:  # a broken cell must not take the whole app down
            log.exception("cell %s of %s failed", cell.index + 1, notebook.name)
            children.append(html_block(f"<p>{error_text}</p>", "wsp-card", "wsp-warning"))
            continue
        if output.outputs:
            children.append(output)
        if isinstance(result, ipw.Widget):
            children.append(result)
        elif result is not None:
            with output:
                display(result)
            if output not in children:
                children.append(output)
    box = ipw.VBox(children, layout=ipw.Layout(width="100%"))
    box.add_class("wsp-module")
    return box
