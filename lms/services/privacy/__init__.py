"""A worker's own data (PIPL arts. 44-47): the privacy notice they have read, their
whole record (一人一档) to take away as JSON or PDF, and closing their account.

May import: accounts (sessions, audit), union.platforms (names), and the models of
learning and credits (read only: the ledger is never edited).
"""
