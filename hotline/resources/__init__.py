"""The referral directory: local services an operator can search while the caller waits."""
