"""Browser tests: Playwright driving Debian chromium against a live `kibitz serve`."""
