"""Lesson videos: resumable uploads, transcode jobs and their worker, narrated videos,
captions, where files live and who may manage them.

May import: catalogue.
"""
