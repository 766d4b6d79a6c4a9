"""A network of centres: each owns its staff, shifts, contacts and escalations."""
