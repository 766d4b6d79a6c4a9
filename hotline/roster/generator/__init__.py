"""Roster generator: a :class:`RosterRequest` in, a :class:`RosterProposal` out (see ``propose``).

Callers import from here; the modules inside are ``propose`` (request, proposal, ``generate``),
``model`` (slots, variables, hard rules), ``guess`` (a fair first roster, as a hint),
``objective`` (fairness, wishes, staffing, and the arithmetic behind the bound), ``solve``
(the use of time), ``explain`` (why a roster is short) and ``workload`` (per-person figures).
"""

from hotline.roster.generator.propose import (
    Candidate,
    PinnedShift,
    Preferences,
    ProposedShift,
    RosterProposal,
    RosterRequest,
    RosterStatus,
    generate,
)
from hotline.roster.generator.workload import FairnessSpread, Workload

__all__ = [
    "Candidate",
    "FairnessSpread",
    "PinnedShift",
    "Preferences",
    "ProposedShift",
    "RosterProposal",
    "RosterRequest",
    "RosterStatus",
    "Workload",
    "generate",
]
