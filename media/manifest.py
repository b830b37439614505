"""The manifest: a dataclass (and `manifest.json`) describing one published lesson video.

All paths are relative to the lesson's output folder, so the web layer can serve or move
the folder as a whole and build URLs from these names.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class Rendition:
    name: str  # "360p": short side in pixels
    label: str  # data_saver, standard, high, hd
    width: int
    height: int
    fps: float
    bandwidth_bps: int  # peak segment bit rate, as in the master playlist
    average_bandwidth_bps: int
    codecs: str
    playlist: str
    hls_bytes: int
    mp4: str | None = None
    mp4_bytes: int | None = None


@dataclass(frozen=True)
class Storyboard:
    image: str
    vtt: str
    interval_s: int
    count: int
    columns: int
    rows: int
    tile_width: int
    tile_height: int


@dataclass(frozen=True)
class CaptionTrack:
    lang: str
    label: str
    path: str
    cue_count: int


@dataclass(frozen=True)
class AudioTrack:
    """The listen-mode rendition: one progressive audio file."""

    path: str  # the progressive file (downloads, browsers without HLS)
    bytes: int
    kbps: int
    playlist: str | None = None  # the same audio as HLS (streaming)


@dataclass(frozen=True)
class Manifest:
    duration_s: float
    width: int  # display size of the source
    height: int
    master_playlist: str
    poster: str
    storyboard: Storyboard
    renditions: tuple[Rendition, ...]
    captions: tuple[CaptionTrack, ...] = ()
    is_slides: bool = False
    source_has_audio: bool = True
    audio: AudioTrack | None = None  # listen mode; None: a silent source (or older)
    version: int = field(default=MANIFEST_VERSION)

    @property
    def progressive(self) -> tuple[Rendition, ...]:
        """Renditions that also exist as a downloadable MP4, lowest first."""
        return tuple(r for r in self.renditions if r.mp4)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Manifest:
        return cls(
            **{
                **data,
                "storyboard": Storyboard(**data["storyboard"]),
                "renditions": tuple(Rendition(**r) for r in data["renditions"]),
                "captions": tuple(CaptionTrack(**c) for c in data.get("captions", ())),
                "audio": AudioTrack(**data["audio"]) if data.get("audio") else None,
            }
        )

    def write(self, folder: Path) -> Path:
        path = folder / MANIFEST_NAME
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        path.write_text(text + "\n", encoding="utf-8")
        return path


def load_manifest(folder: Path) -> Manifest:
    """Read the manifest of a published lesson folder."""
    data = json.loads((Path(folder) / MANIFEST_NAME).read_text(encoding="utf-8"))
    return Manifest.from_dict(data)
