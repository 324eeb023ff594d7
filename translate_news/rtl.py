"""Drawing Arabic in a terminal.

Terminals disagree: bidi terminals (VTE, Konsole, mlterm, kitty) reorder logical text
themselves and garble text that was already reordered; others (xterm, alacritty, Windows
Terminal, VS Code) show logical text backwards and unjoined. So: `logical` sends text as
stored, `visual` reshapes and reorders each *already wrapped* line, and `auto` guesses from
the terminal. Files and pipes always get logical text.
"""
from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions
    from rich.measure import Measurement
    from rich.text import Text

MODES = ("auto", "logical", "visual")
RLI, PDI = "\u2067", "\u2069"


def resolve_rtl_mode(requested: str | None, *, is_terminal: bool, env: Mapping[str, str] | None = None) -> str:
    """'logical', 'logical+isolate' (VTE) or 'visual' for this output."""
    env = os.environ if env is None else env
    mode = (requested or env.get("TRANSLATE_NEWS_RTL") or "auto").lower()
    if not is_terminal:
        return "logical"  # never reorder what goes to files or pipes
    if mode != "auto":
        return mode
    term, prog = env.get("TERM", ""), env.get("TERM_PROGRAM", "")
    vte = env.get("VTE_VERSION", "")
    if vte.isdigit():  # VTE bidi since 0.58; isolates fix its LTR paragraph direction
        return "logical+isolate" if int(vte) >= 5800 else "visual"
    if (env.get("KONSOLE_VERSION") or env.get("MLTERM") or term.startswith("mlterm")
            or env.get("KITTY_WINDOW_ID") or term == "xterm-kitty" or prog == "Apple_Terminal"):
        return "logical"
    if (env.get("WT_SESSION") or sys.platform == "win32" or env.get("XTERM_VERSION")
            or env.get("ALACRITTY_WINDOW_ID") or term in ("alacritty", "xterm-ghostty")
            or prog in ("vscode", "WezTerm", "ghostty", "Hyper", "Tabby")):
        return "visual"
    return "logical"  # unknown terminals (tmux, iTerm2): the non-destructive choice


@functools.cache
def _reshaper() -> Any:
    import arabic_reshaper

    # The ALLAH ligature is one cell to Rich but drawn much wider by fonts.
    return arabic_reshaper.ArabicReshaper(configuration={"ARABIC LIGATURE ALLAH": False})


def reshape(text: str) -> str:
    """Arabic letters in their joined forms, for a terminal that does not join them (--rtl visual)."""
    return str(_reshaper().reshape(text))


class RTLText:
    """A Rich renderable for Arabic: wrap in logical order, then make each line displayable.

    Reordering before wrapping puts the paragraph's last line first (python-bidi#13).
    """

    def __init__(self, text: str, mode: str, style: str = ""):
        self.text, self.mode, self.style = text, mode, style

    def _base(self) -> str:
        return reshape(self.text) if self.mode == "visual" else self.text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement
        from rich.text import Text

        return Measurement.get(console, options, Text(self._base()))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        from rich.text import Text

        # fold: a word wider than the column is broken, never cropped
        for line in Text(self._base(), overflow="fold").wrap(console, options.max_width):
            s = line.plain.rstrip()
            if self.mode == "visual":
                from bidi.algorithm import get_display  # the pure-Python one mirrors brackets

                s = get_display(s, base_dir="R")
            elif self.mode == "logical+isolate":
                s = RLI + s + PDI
            yield Text(s, style=self.style, justify="right", no_wrap=True, overflow="crop")


def visual_line(text: str) -> str:
    """A line of English with Arabic in it (a note on stderr), for a terminal that needs `visual`:
    the Arabic reshaped and its runs reordered, the line itself left to right."""
    if not any("\u0600" <= c <= "\u06ff" for c in text):
        return text
    from bidi.algorithm import get_display

    return str(get_display(reshape(text), base_dir="L"))
