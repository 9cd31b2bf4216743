"""The HTTP face: app factory, dependencies, the error map, CORS and static files.

Only this package (and each domain's thin `api.py`) knows about HTTP; services never do.
"""
