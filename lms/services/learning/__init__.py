"""Learning: watching progress, guide reading, and the completion rule. Completing a lesson
or a course is announced as a signal (`learning.events`); other domains react.

May import: catalogue.
"""
