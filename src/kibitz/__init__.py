"""Kibitz: the conversation under a news article, moderated on the operator's own machine."""

__version__ = "0.1.0"
