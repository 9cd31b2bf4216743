"""The comments domain's errors (codes are part of the API: the widget switches on them)."""

from __future__ import annotations

from kibitz.errors import Conflict, Forbidden, InvalidInput, NotFound


class ThreadNotFound(NotFound):
    code = "thread_not_found"


class CommentNotFound(NotFound):
    code = "comment_not_found"


class ParentNotFound(NotFound):
    code = "parent_not_found"


class ParentInOtherThread(InvalidInput):
    code = "parent_other_thread"


class ThreadClosed(Conflict):
    code = "thread_closed"


class CommentDeleted(Conflict):
    code = "comment_deleted"


class CommentNotPublished(Conflict):
    code = "comment_not_published"


class NotAuthor(Forbidden):
    code = "not_author"


class EditWindowClosed(Forbidden):
    code = "edit_window_closed"
