"""Trainer-facing rejection messages (Simplified Chinese), one per rejection code."""

from __future__ import annotations

from .errors import CaptionsRejected, MediaRejected

MESSAGES: dict[str, str] = {
    "unreadable": "无法识别该文件：请上传手机或相机录制的视频文件（如 MP4、MOV）。",
    "corrupt": "视频文件不完整或已损坏（可能上传中断），请重新导出或重新上传完整的文件。",
    "no_video": "该文件中没有视频画面，请上传包含画面的视频文件。",
    "too_long": "视频时长超过 {max_minutes} 分钟，请剪辑成较短的微课后再上传。",
    "too_short": "视频时长不足 {min_seconds} 秒，请上传完整的视频。",
    "too_large": "文件超过 {max_gb} GB，请压缩或剪短后再上传。",
    "too_big_frame": "视频画面尺寸超过 {max_px} 像素，请以 4K 或更低的分辨率导出后再上传。",
    "captions_encoding": "字幕文件编码无法识别，请另存为 UTF-8 编码的 SRT 或 VTT 文件。",
    "captions_format": "字幕文件格式错误（第 {line} 行附近），请检查时间轴格式，例如 00:00:01,000 --> 00:00:03,500。",
    "captions_timing": "字幕时间轴有误（第 {cue} 条）：结束时间必须晚于开始时间，且不能超出视频时长。",
    "captions_empty": "字幕文件中没有任何字幕内容。",
    "captions_type": "字幕只支持 SRT 或 VTT 格式的文件。",
}


def reject(code: str, detail: str = "", **values: object) -> MediaRejected:
    """Build the rejection for `code`, filling the message's placeholders."""
    cls = CaptionsRejected if code.startswith("captions_") else MediaRejected
    return cls(code, MESSAGES[code].format(**values), detail)
