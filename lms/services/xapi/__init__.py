"""xAPI statements: recording learning events in the outbox and delivering them to a
learning record store.

May import: outbox, accounts (the audit log). It subscribes to learning's completions
(`lms.subscriptions`) without importing learning.
"""
