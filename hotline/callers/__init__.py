"""Callers across contacts: the history a repeat caller brings (for whoever handles them now),
caller flags that expire, and care plans for frequent callers. A caller is only ever their
pseudonymous caller key."""
