"""Credits: the ledger of credit hours (claims, issue, reversal), certificates and their
Open Badges credentials, their revocation list, expiry and renewal (refresher).
Reacts to learning's completions and to passed station classes (`credits.reactions`)
and announces reversals and expiring certificates (`credits.events`).

May import: learning (to ask whether a course is completed), catalogue.
"""
