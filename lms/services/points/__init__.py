"""The points platform channel: pushing the ledger (points-export.md), the pull feed and
file exports.

May import: credits, outbox.
"""
