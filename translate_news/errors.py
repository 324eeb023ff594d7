"""Exit codes, what each means, and the errors that carry them.

`EXIT_CODES` is the one table of meanings: `--help` prints it and a test holds the README's
table to it.
"""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1
    USAGE = 2
    BATCH_FAILURES = 3
    SUMMARY_FAILED = 4  # the translation was written, the summary could not be
    FLAGGED = 5  # finished, but something a reader should check stays flagged (--strict, check)
    BAD_INPUT = 65  # sysexits EX_DATAERR
    NO_INPUT = 66  # EX_NOINPUT
    NO_HOST = 68  # EX_NOHOST: a URL's site cannot be reached (unknown host, refused, timed out)
    UNAVAILABLE = 69  # EX_UNAVAILABLE: model or device
    CANT_CREATE = 73  # EX_CANTCREAT: the output file cannot be written
    BUSY = 75  # EX_TEMPFAIL: another batch holds the output folder
    PROTOCOL = 76  # EX_PROTOCOL: a URL's site answered with an HTTP error or a refused redirect
    HANGUP = 129  # 128 + SIGHUP: the terminal went away (handled as Ctrl-C is)
    INTERRUPTED = 130  # 128 + SIGINT
    TERMINATED = 143  # 128 + SIGTERM (handled as Ctrl-C is)


EXIT_CODES: dict[ExitCode, str] = {
    ExitCode.OK: "done",
    ExitCode.INTERNAL: "internal error (--debug shows the traceback)",
    ExitCode.USAGE: "usage error",
    ExitCode.BATCH_FAILURES: "batch finished, but some files failed (see its report)",
    ExitCode.SUMMARY_FAILED: "the translation was written but the summary failed (reason on stderr)",
    ExitCode.FLAGGED: "finished, but with --strict (or from check) something a reader should check stays flagged",
    ExitCode.BAD_INPUT: "unusable input: empty, binary, undecodable, or no Arabic",
    ExitCode.NO_INPUT: "input file or folder not found or unreadable",
    ExitCode.NO_HOST: "a URL's site cannot be reached: unknown host, connection refused or timed out",
    ExitCode.UNAVAILABLE: "model or device unavailable",
    ExitCode.CANT_CREATE: "the output cannot be written",
    ExitCode.BUSY: "another batch holds the output folder (try again later, or --wait)",
    ExitCode.PROTOCOL: "a URL's site answered with an HTTP error (404, 410, 5xx...) or a refused redirect",
    ExitCode.HANGUP: "the terminal hung up (SIGHUP); as 130",
    ExitCode.INTERRUPTED: "interrupted (finished outputs are complete)",
    ExitCode.TERMINATED: "terminated (SIGTERM); as 130",
}


class TranslateNewsError(Exception):
    """An error the user can act on: one line of text and an exit code."""

    exit_code: ExitCode = ExitCode.INTERNAL


class UsageError(TranslateNewsError):
    exit_code = ExitCode.USAGE


class InputError(TranslateNewsError):
    """Input that cannot be used: empty, binary, undecodable, no Arabic."""

    exit_code = ExitCode.BAD_INPUT


class InputNotFound(TranslateNewsError):
    exit_code = ExitCode.NO_INPUT


class ModelUnavailable(TranslateNewsError):
    exit_code = ExitCode.UNAVAILABLE


class DeviceUnavailable(TranslateNewsError):
    exit_code = ExitCode.UNAVAILABLE


class SiteUnreachable(TranslateNewsError):
    """A URL's host is unknown, refuses the connection, or does not answer in time."""

    exit_code = ExitCode.NO_HOST


class HttpError(TranslateNewsError):
    """A URL's site answered with an error status, or redirected where we do not follow."""

    exit_code = ExitCode.PROTOCOL


class OutputError(TranslateNewsError):
    exit_code = ExitCode.CANT_CREATE


def one_line(e: BaseException, limit: int = 300) -> str:
    """An error as one line: our own errors as worded, anything else with its type."""
    text = str(e) if isinstance(e, TranslateNewsError) else f"{type(e).__name__}: {e}"
    return " ".join(text.split())[:limit]
