"""Crisis routing: escalations with their tiers and alerts, the outbox, and the rescue."""

# Contacts' read rules learn whom escalations involve as soon as crisis is imported.
from hotline.crisis import involvement as _involvement  # noqa: F401
