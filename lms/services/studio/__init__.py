"""The trainers' studio: courses, lesson drafts, pictures, zip exchange, insight, and its
audit trail.

May import: catalogue, assessment, video, learning.
"""
