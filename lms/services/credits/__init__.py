"""Credits: the ledger of credit hours (claims, issue, reversal), certificates and their
Open Badges credentials.

May import: learning (to subscribe to completion and to ask whether a course is completed),
catalogue.
"""
