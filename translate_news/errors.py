"""Exit codes and the errors that carry them (DESIGN.md "Exit codes")."""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1
    USAGE = 2
    BATCH_FAILURES = 3
    SUMMARY_FAILED = 4  # the translation was written, the summary could not be
    BAD_INPUT = 65  # sysexits EX_DATAERR
    NO_INPUT = 66  # EX_NOINPUT
    UNAVAILABLE = 69  # EX_UNAVAILABLE: model or device
    CANT_CREATE = 73  # EX_CANTCREAT: the output file cannot be written
    INTERRUPTED = 130  # 128 + SIGINT


class TranslateNewsError(Exception):
    """An error the user can act on: one line of text and an exit code."""

    exit_code: ExitCode = ExitCode.INTERNAL


class InputError(TranslateNewsError):
    """Input that cannot be used: empty, binary, undecodable, no Arabic."""

    exit_code = ExitCode.BAD_INPUT


class InputNotFound(TranslateNewsError):
    exit_code = ExitCode.NO_INPUT


class ModelUnavailable(TranslateNewsError):
    exit_code = ExitCode.UNAVAILABLE


class DeviceUnavailable(TranslateNewsError):
    exit_code = ExitCode.UNAVAILABLE


class OutputError(TranslateNewsError):
    exit_code = ExitCode.CANT_CREATE
