"""Credits: the ledger of credit hours (claims, issue, reversal), certificates and their
Open Badges credentials. Reacts to learning's completions (`credits.reactions`) and
announces reversals (`credits.events`).

May import: learning (to ask whether a course is completed), catalogue.
"""
