"""Moving in: comments from Disqus, WordPress (WXR), Isso, Remark42 and Kibitz's own export.

Rule of this package: each source format is a parser that turns a file into a stream of
`ThreadRecord`s and `CommentRecord`s (records.py) and knows nothing of the database; `writer.py` is
the only module that writes, through the domain models, in batches, inside the caller's single
transaction. Source HTML is never trusted: it becomes markdown source (htmltext.py) and is rendered
again through `kibitz.comments.render`. No web imports.
"""
