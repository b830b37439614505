"""Exceptions raised by the media pipeline.

Two families: `MediaRejected` means the upload itself is unusable (tell the trainer, never
retry); `TranscodeError` means running ffmpeg failed, and its `is_transient` says whether
the job layer should retry (killed, stalled, timed out, out of disk) or give up.
"""

from __future__ import annotations


class MediaError(Exception):
    """Base of every error raised by `media`."""

    is_transient: bool = False


class MediaRejected(MediaError):
    """The upload cannot be published; `message` is Simplified Chinese for the trainer."""

    def __init__(self, code: str, message: str, detail: str = "") -> None:
        super().__init__(f"{code}: {message}" + (f" ({detail})" if detail else ""))
        self.code = code
        self.message = message
        self.detail = detail


class CaptionsRejected(MediaRejected):
    """An uploaded caption file is not valid SRT or WebVTT."""


class TranscodeError(MediaError):
    """ffmpeg (or ffprobe) did not finish; `stderr_tail` holds its last lines."""

    def __init__(self, message: str, stderr_tail: str = "") -> None:
        super().__init__(message + (f"\n{stderr_tail}" if stderr_tail else ""))
        self.stderr_tail = stderr_tail


class TranscodeFailed(TranscodeError):
    """Permanent: ffmpeg exited with an error on this input; retrying will not help."""


class TransientTranscodeError(TranscodeError):
    """Worth retrying later: the failure came from the machine, not from the input."""

    is_transient = True


class TranscodeKilled(TransientTranscodeError):
    """ffmpeg was ended by a signal (OOM killer, shutdown, operator)."""


class TranscodeStalled(TransientTranscodeError):
    """ffmpeg made no progress for longer than the stall timeout and was killed."""


class TranscodeTimeout(TransientTranscodeError):
    """ffmpeg ran past the total time allowed and was killed."""


class OutOfDiskSpace(TransientTranscodeError):
    """The output file system is (or would become) full."""
