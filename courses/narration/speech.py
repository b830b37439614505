"""Chinese narration with espeak-ng: text → numbered pinyin → 16-bit mono WAV frames.

espeak-ng's `cmn` voice reads tone digits aloud, so we speak pinyin with the
`cmn-latn-pinyin` voice instead. pypinyin writes every syllable with its tone digit,
the neutral tone as 5 (an unnumbered syllable would be read in tone 1). Chinese
punctuation becomes ASCII punctuation, which espeak-ng turns into pauses; Latin letters
are spelled the way Chinese speakers say them (AED → A-E-D).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from courses.narration.errors import NarrationError
from courses.narration.numbers import DIGITS, spoken_numbers

VOICE = "cmn-latn-pinyin"
SPEED_WPM = 165
AMPLITUDE = 75  # espeak-ng's default 100 peaks at full scale; leave AAC some headroom
RATE = 22_050  # espeak-ng always writes 22.05 kHz
TIMEOUT_S = 60
PAUSES = {**dict.fromkeys('，、：,:（）()“”"—', ","), **dict.fromkeys("；;", ";")}
PAUSES |= {**dict.fromkeys("。…．.", "."), "！": "!", "!": "!", "？": "?", "?": "?"}
LETTERS = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "ei1|bi4|xi1|di4|yi4|ai4 fu5|ji4|ai4 qi1|ai4|jie4|kai4|ai4 le5|ai4 mu5|en1|"
        "ou1|pi4|qiu1|a4 er5|ai4 si1|ti4|you1|wei1|da1 bu5 liu5|ai4 ke4 si1|wai4|"
        "zei4".split("|"),
        strict=True,
    )
)
SYLLABLE_RE = re.compile(r"^[a-z]+[1-5]$")


class SpeechError(NarrationError):
    """espeak-ng failed or is missing."""


@dataclass(frozen=True)
class Clip:
    """Synthesised speech: raw 16-bit mono PCM frames at `rate` Hz."""

    frames: bytes
    rate: int

    @property
    def duration_s(self) -> float:
        return len(self.frames) / 2 / self.rate


def to_pinyin(text: str) -> str:
    """Chinese text (numbers included) as espeak-ng input: 'ni3 hao3 , ...'."""
    tokens = lazy_pinyin(
        spoken_numbers(text),
        style=Style.TONE3,
        neutral_tone_with_five=True,
        errors=_non_han_tokens,
    )
    words = [t if not t.isalpha() else t + "5" for t in tokens if t]
    spoken = re.sub(r"\s+([,.;!?])", r"\1", " ".join(words))
    return re.sub(r"[,.;!?]+([,.;!?])", r"\1", spoken).strip(" ,")


def _non_han_tokens(chunk: str) -> list[str]:
    """Readings for what pypinyin cannot read: letters, stray digits, punctuation."""
    tokens = []
    for ch in chunk:
        if ch.upper() in LETTERS:
            tokens.extend(LETTERS[ch.upper()].split())
        elif ch.isdigit() and ch.isascii():
            tokens.extend(lazy_pinyin(DIGITS[int(ch)], style=Style.TONE3))
        elif ch in PAUSES:
            tokens.append(PAUSES[ch])
    return tokens


def speakable(text: str) -> bool:
    """Whether `text` has anything to say (not only punctuation or spaces)."""
    return any(SYLLABLE_RE.match(word) for word in to_pinyin(text).split())


def synthesize(text: str) -> Clip:
    """Speak Chinese `text` with espeak-ng and return the PCM frames."""
    with tempfile.TemporaryDirectory(prefix="narration-tts-") as tmp:
        wav_path = Path(tmp) / "speech.wav"
        argv = ["espeak-ng", "-v", VOICE, "-s", str(SPEED_WPM), "-a", str(AMPLITUDE)]
        _run([*argv, "-w", str(wav_path), "--stdin"], to_pinyin(text))
        with wave.open(str(wav_path), "rb") as wav:
            shape = (wav.getsampwidth(), wav.getnchannels(), wav.getframerate())
            if shape != (2, 1, RATE):
                raise SpeechError(f"espeak-ng wrote unexpected audio {shape}")
            return Clip(wav.readframes(wav.getnframes()), wav.getframerate())


def silence(seconds: float, rate: int) -> bytes:
    return b"\x00\x00" * round(seconds * rate)


def voiced_end_s(clip: Clip, threshold: int = 200) -> float:
    """Seconds until the last sample louder than `threshold` (trailing silence cut)."""
    samples = memoryview(clip.frames).cast("h")
    for index in range(len(samples) - 1, -1, -1):
        if abs(samples[index]) > threshold:
            return (index + 1) / clip.rate
    return 0.0


def write_wav(path: Path, frames: bytes, rate: int) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(frames)


@cache
def espeak_version() -> str:
    """espeak-ng's version line, part of the cache key."""
    return _run(["espeak-ng", "--version"], "").split("Data at")[0].strip()


def _run(argv: list[str], stdin: str) -> str:
    try:
        done = subprocess.run(
            argv, input=stdin, capture_output=True, text=True, timeout=TIMEOUT_S
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SpeechError(f"{argv[0]} could not run: {error}") from error
    if done.returncode != 0:
        raise SpeechError(f"{argv[0]} failed: {done.stderr.strip()[-500:]}")
    return done.stdout
