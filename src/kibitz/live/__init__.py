"""Live threads: what changed in a thread reaches every open widget within a second.

`tracking` notices comment changes in a session and reports them only once the transaction has
committed; `brokers` carries them (Redis pub/sub across processes when `KIBITZ_REDIS_URL` is set, in
process otherwise) and keeps a short per-thread log so a reconnecting widget resumes with
`Last-Event-ID`; `api` serves them as server-sent events.
"""
