"""xAPI statements: recording learning events in the outbox and delivering them to a
learning record store.

May import: learning (subscribes to completion), outbox, accounts (the audit log).
"""
