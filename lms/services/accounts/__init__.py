"""Accounts: people, signing in (phone and password, API tokens), the launch from the city app.

May import: models only (no other service domain).
"""
