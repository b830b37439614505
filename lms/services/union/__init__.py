"""Trade unions: the organisation tree, who may see whom (scope), members and their import,
dashboards and their counters, exports, campaigns and notifications.

May import: accounts, learning (the one definition of a completed course). Its
counters subscribe to learning's completions and credits' reversals
(`lms.subscriptions`).
"""
