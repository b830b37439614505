"""Lesson video pipeline: probe and validate uploads, transcode a mobile-friendly ladder
(HLS fMP4 + progressive MP4), poster, storyboard and WebVTT captions, described by a
`Manifest`. Plain Python: no Flask, no database; takes and returns paths and dataclasses.
"""

from .captions import CaptionInput
from .errors import (
    CaptionsRejected,
    MediaError,
    MediaRejected,
    OutOfDiskSpace,
    TranscodeError,
    TranscodeFailed,
    TranscodeKilled,
    TranscodeStalled,
    TranscodeTimeout,
    TransientTranscodeError,
)
from .ladder import LADDER, Rung
from .manifest import CaptionTrack, Manifest, Rendition, Storyboard, load_manifest
from .pipeline import TranscodeOptions, transcode, work_dir_for
from .probe import ProbeResult, probe
from .validate import Inspection, Limits, inspect_upload

__all__ = [
    "LADDER",
    "CaptionInput",
    "CaptionTrack",
    "CaptionsRejected",
    "Inspection",
    "Limits",
    "Manifest",
    "MediaError",
    "MediaRejected",
    "OutOfDiskSpace",
    "ProbeResult",
    "Rendition",
    "Rung",
    "Storyboard",
    "TranscodeError",
    "TranscodeFailed",
    "TranscodeKilled",
    "TranscodeOptions",
    "TranscodeStalled",
    "TranscodeTimeout",
    "TransientTranscodeError",
    "inspect_upload",
    "load_manifest",
    "probe",
    "transcode",
    "work_dir_for",
]
