"""Follow-up (回访) of callers who agreed to it: due on the day they chose, attempts spaced by
policy, an owner, and a linked contact with a new screen when the caller is reached."""
