"""Review: the moderators' queues, their decisions on comments, and the audit log.

Every moderator action is one service call that changes the comment (or its thread or author),
records a `Decision`, resolves the comment's open reports and writes an `AuditEntry` with the state
before and after, all in the caller's transaction. Nothing is ever deleted: a rejected comment
stays in the database and in the rejected queue.
"""
