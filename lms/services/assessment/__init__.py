"""Quizzes as learners take them and trainers read them: stored versions, attempts,
item analysis.

May import: learning, xapi (not catalogue: the catalogue stores a lesson's quiz here
on import).
"""
