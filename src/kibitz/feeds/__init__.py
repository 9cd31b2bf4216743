"""Public read-only extras: Atom/RSS feeds of published comments and a permalink page per comment.

Rule of this package: only published comments ever appear; `service.py` queries (no web imports),
`xml.py` writes the feeds, `api.py` is the thin HTTP face.
"""
