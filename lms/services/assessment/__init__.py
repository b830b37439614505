"""Quizzes as learners take them and trainers read them: stored versions, attempts,
item analysis.

May import: learning, catalogue, xapi.
"""
