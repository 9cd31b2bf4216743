"""Sites (tenants) and the origins allowed to write to them.

A write from a browser must come from one of the site's origins; the `demo` site also accepts the
server's own origin, whatever host and port it was started on.
"""
