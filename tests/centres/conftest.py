"""A network of two centres: ``main`` (provincial, where every row went before) and ``gz``."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from hotline.centres import service
from hotline.centres.models import Centre
from hotline.centres.policy import CentrePolicy, NetworkPolicy

NETWORK = NetworkPolicy(centres=(
    CentrePolicy(code="main", provincial=True, regions=("440000",), numbers=("+862012356",)),
    CentrePolicy(code="gz", name_zh="广州市心理援助热线", name_en="Guangzhou hotline",
                 regions=("440100",), numbers=("+862081899120",), rollover_to="main"),
))


def synced(engine, network: NetworkPolicy) -> dict[str, Centre]:
    """``network``'s centres, in the database as the start-up sync leaves them, by code."""
    with Session(engine) as s:
        rows = service.sync(s, network, "Asia/Shanghai")
        s.commit()
        for row in rows:
            s.refresh(row)
            s.expunge(row)
    return {row.code: row for row in rows}


@pytest.fixture
def centres(engine) -> dict[str, Centre]:
    """The two centres, in the database as the start-up sync leaves them."""
    return synced(engine, NETWORK)
