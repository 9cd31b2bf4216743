"""The JSON the accounts API takes and gives."""

from __future__ import annotations

from pydantic import BaseModel, Field

from kibitz.comments.schemas import StrictModel


class LoginRequest(StrictModel):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=1024)


class SiteRoleRead(BaseModel):
    site: str
    role: str


class UserRead(BaseModel):
    id: int
    email: str
    display_name: str
    role: str = Field(description="The global role: reader, moderator or admin.")
    sites: list[SiteRoleRead] = Field(description="Roles on single sites.")


class SessionRead(BaseModel):
    user: UserRead
    csrf_token: str = Field(description="Send it as X-CSRF-Token with every write.")
