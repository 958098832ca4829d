"""Reads of the reports app, always scoped by the user (see accounts.access)."""
