"""Notes for the reader, from anywhere in the library, through the standard logging module.

Library code never prints: it logs to `logging.getLogger(__name__)`. NOTE is what a reader
should see by default (a fallback taken, a one-off conversion, a doubt); INFO is detail for
--verbose. The command line installs the one handler that shows them (ui.py); a program
using the library chooses its own.
"""
from __future__ import annotations

import logging

NOTE = 25  # between INFO and WARNING
logging.addLevelName(NOTE, "NOTE")


def note(log: logging.Logger, message: str) -> None:
    log.log(NOTE, message)
