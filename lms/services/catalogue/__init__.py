"""The catalogue: published courses and lessons as learners read them, importing course
folders, and the search index.

May import: assessment (a lesson's quiz is stored on import).
"""
