"""Which source comment became which Kibitz comment: what makes a second import add nothing."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kibitz.db import Base, BigId


class ImportLink(Base):
    __tablename__ = "import_links"
    __table_args__ = (UniqueConstraint("site_id", "source", "external_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    # The format the comment came from: disqus, wordpress, isso, remark42, kibitz.
    source: Mapped[str] = mapped_column(String(20))
    # The comment's id in the source (Disqus dsq:id, WordPress comment_id, …).
    external_id: Mapped[str] = mapped_column(String(200))
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
