"""Moving out: everything of one site, streamed to a file a row at a time.

Rule of this package: read-only, no web imports; each format writes what its importer in
`kibitz.imports` reads back (`json` -> `kibitz import json`, `disqus` -> `kibitz import disqus`).
"""
