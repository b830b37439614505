"""Trade unions: the organisation tree, who may see whom (scope), members and their import,
dashboards and their counters, exports, campaigns and notifications.

May import: accounts, learning, credits (subscribes to completion and reversals).
"""
