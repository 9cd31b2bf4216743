"""The JSON of readers' account endpoints. No e-mail address is ever part of an answer."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from kibitz.comments.schemas import StrictModel


class SignUpRequest(StrictModel):
    site: str = Field(min_length=1, max_length=100, description="The site the widget is on.")
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1024)
    display_name: str = Field(min_length=1, max_length=200)
    website: str | None = Field(None, max_length=2000, description="Honeypot: leave empty.")


class SignInRequest(StrictModel):
    site: str = Field(min_length=1, max_length=100)
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=1024)


class SsoRequest(StrictModel):
    site: str = Field(min_length=1, max_length=100)
    token: str = Field(min_length=1, max_length=8192, description="The site's signed JWT.")


class TokenRequest(StrictModel):
    token: str = Field(min_length=1, max_length=4096)


class ResetRequest(StrictModel):
    site: str | None = Field(None, max_length=100)
    email: str = Field(min_length=1, max_length=254)


class ResetConfirm(StrictModel):
    token: str = Field(min_length=1, max_length=4096)
    password: str = Field(min_length=1, max_length=1024)


class ProfileUpdate(StrictModel):
    display_name: str | None = Field(None, max_length=200)
    notify_replies: bool | None = Field(None, description="Needs a verified address.")


class AccountDelete(StrictModel):
    comments: Literal["remove", "anonymise"] = Field(
        description="Remove your comments, or keep them without your name."
    )


class ReaderRead(BaseModel):
    id: int
    display_name: str
    avatar_url: str | None
    verified: bool = Field(description="The e-mail address was confirmed.")
    notify_replies: bool
    sso: bool = Field(description="Signed in through the news site's own login.")
    role: str


class ReaderSession(BaseModel):
    reader: ReaderRead
    csrf_token: str = Field(description="Send it as X-CSRF-Token with every write.")


class SignInOptions(BaseModel):
    commenters: list[Literal["guests", "accounts", "sso"]] = Field(
        description="Who may comment on the site: guests, Kibitz accounts, the site's own login."
    )


class Accepted(BaseModel):
    accepted: bool = True
