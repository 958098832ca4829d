"""Models of the count (entries, resolution, result, seal, corrigenda): written by the count side (6b).

Imported at the end of `models.py`, so its models belong to the `conference` app and its migrations.
"""
