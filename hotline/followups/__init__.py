"""Follow-up (回访) of callers who agreed to it: due on the day they chose, attempts spaced by
policy, an owner, and a linked contact with a new screen when the caller is reached."""

# Contacts' read rules learn who owns a caller's follow-up as soon as follow-ups are imported.
from hotline.followups import schedule as _schedule  # noqa: F401
