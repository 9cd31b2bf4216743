"""Defences against abuse: rate limits (Redis or in process), duplicate text, the honeypot."""
