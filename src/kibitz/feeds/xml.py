"""Atom 1.0 and RSS 2.0 documents for a feed, built with ElementTree (so always well-formed)."""

from __future__ import annotations

from email.utils import format_datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from kibitz.comments.validation import ANONYMOUS
from kibitz.db import utcnow
from kibitz.feeds.service import Entry, Feed

ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"


def atom(feed: Feed, *, self_url: str, base_url: str) -> bytes:
    root = Element("feed", xmlns=ATOM_NS)
    SubElement(root, "id").text = self_url
    SubElement(root, "title").text = feed.title
    SubElement(root, "updated").text = (feed.updated or utcnow()).isoformat()
    SubElement(root, "link", rel="self", href=self_url, type="application/atom+xml")
    if feed.link:
        SubElement(root, "link", rel="alternate", href=feed.link)
    SubElement(root, "generator").text = "Kibitz"
    for entry in feed.entries:
        item = SubElement(root, "entry")
        SubElement(item, "id").text = permalink(entry, base_url)
        SubElement(item, "title").text = _title(entry)
        SubElement(item, "link", rel="alternate", href=permalink(entry, base_url))
        SubElement(item, "published").text = entry.created_at.isoformat()
        SubElement(item, "updated").text = entry.updated_at.isoformat()
        author = SubElement(item, "author")
        SubElement(author, "name").text = entry.author_name or ANONYMOUS
        SubElement(item, "content", type="html").text = entry.html
    return _bytes(root)


def rss(feed: Feed, *, self_url: str, base_url: str) -> bytes:
    root = Element("rss", version="2.0", attrib={"xmlns:dc": DC_NS})
    channel = SubElement(root, "channel")
    SubElement(channel, "title").text = feed.title
    SubElement(channel, "link").text = feed.link or self_url
    SubElement(channel, "description").text = feed.title
    SubElement(channel, "lastBuildDate").text = format_datetime(feed.updated or utcnow())
    for entry in feed.entries:
        item = SubElement(channel, "item")
        SubElement(item, "title").text = _title(entry)
        SubElement(item, "link").text = permalink(entry, base_url)
        SubElement(item, "guid", isPermaLink="true").text = permalink(entry, base_url)
        SubElement(item, "pubDate").text = format_datetime(entry.created_at)
        SubElement(item, "dc:creator").text = entry.author_name or ANONYMOUS
        SubElement(item, "description").text = entry.html
    return _bytes(root)


def permalink(entry: Entry, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/c/{entry.id}"


def _title(entry: Entry) -> str:
    return f"{entry.author_name or ANONYMOUS} on {entry.thread_title or entry.thread_key}"


def _bytes(root: Element) -> bytes:
    document: bytes = tostring(root, encoding="utf-8", xml_declaration=True)
    return document
