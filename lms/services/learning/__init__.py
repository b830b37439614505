"""Learning: watching progress, guide reading, and the completion rule (with the one
definition of a completed course). Completing a lesson or a course is announced as a
signal (`learning.events`); other domains react.

May import: no other service domain (the others subscribe to it, or read its
`completion.completed_courses`).
"""
