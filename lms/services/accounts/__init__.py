"""Accounts: people, signing in (phone and password, API tokens), the launch from the city
app, and resetting a forgotten password by SMS code.

May import: models, sms (password reset codes).
"""
