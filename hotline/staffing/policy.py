"""What staffing reads of the operating policy: the coverage requirement it proposes changes
to, and the service-level target, occupancy and shrinkage it sizes against (``records.toml``)."""

from __future__ import annotations

from typing import Protocol

from hotline.contacts.policy import RecordsPolicy
from hotline.roster.policy import CoveragePolicy


class StaffingPolicies(Protocol):
    """``hotline.policies.Policies`` is one."""

    @property
    def records(self) -> RecordsPolicy: ...
    @property
    def coverage(self) -> CoveragePolicy: ...
