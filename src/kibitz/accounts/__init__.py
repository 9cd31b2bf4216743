"""Accounts: people who sign in (moderators and admins for now), their sessions, roles and bans.

Passwords are stored only as argon2 hashes and session tokens only as keyed hashes: a leaked
database lets nobody sign in. Roles are global (`User.role`) or per site (`SiteRole`); a ban names
a reader (by their token hash) or an account, for one site, and the posting path checks it.
"""
