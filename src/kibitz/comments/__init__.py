"""Threads, comments and votes: the conversation under an article.

A thread is born with its first comment. Lists never load a whole thread: a page of top-level
comments comes by cursor, and their replies in one indexed query on `root_id`.
"""
