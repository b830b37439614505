"""xAPI statements: recording learning events in the outbox and delivering them to a
learning record store.

May import: outbox. It subscribes to learning's completions (`lms.subscriptions`)
without importing learning.
"""
