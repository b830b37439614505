"""Operations: readiness checks (database, Redis, media, migrations), the readings
that metrics report (job queue, points outbox), and backup and restore of an instance
(database, media, keys).

May import: points (outbox counts), video (transcode jobs). It reads other domains'
state; it never changes it, except that restore replaces the whole instance.
"""
