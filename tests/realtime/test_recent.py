"""A console drops the second copy of an event (catch-up and live), and its memory of sent
ids stays bounded however long it is open."""

from hotline.realtime.recent import RecentIds


def test_a_repeated_id_is_dropped_and_memory_is_bounded():
    recent = RecentIds(size=3)
    assert [recent.add(i) for i in (5, 7, 5, 6, 7)] == [True, True, False, True, False]
    for i in range(100, 1_100):
        assert recent.add(i)
    assert len(recent) == 3
    assert not recent.add(1_099) and recent.add(5)  # 5 was forgotten long ago
