"""What the reports read of the operating policy: the records policy with its KPI targets, and
what the roster's coverage report and the training compliance they include read."""

from __future__ import annotations

from typing import Protocol

from hotline.contacts.policy import RecordsPolicies
from hotline.roster.policy import RosterPolicies


class ReportPolicies(RecordsPolicies, RosterPolicies, Protocol):
    """``hotline.policies.Policies`` is one."""

    def for_centre(self, code: str) -> ReportPolicies:
        """A centre's own policies (its ``policy_dir`` overlaid)."""
        ...
