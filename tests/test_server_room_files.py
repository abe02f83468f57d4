"""The small files the server and the console share in the data dir: the expected room size,
the room's readiness, and the room-wide pause after wrong PIN tries."""

from __future__ import annotations

from widgets.engines.access import MAX_TRIES_BEFORE_PAUSE, PAUSE_SECONDS, check_pin, write_pin
from widgets.engines.capacity import (margin, pool_target, read_expected, read_status,
                                      write_expected, write_status)


def test_the_pool_covers_everyone_expected_plus_a_margin_then_falls_back():
    assert margin(40) == 4 and margin(5) == 2
    assert pool_target(40, 0, 2) == 44
    assert pool_target(40, 30, 2) == 14
    assert pool_target(40, 40, 2) == 4  # the margin stays for late arrivals and reloads
    assert pool_target(40, 60, 2) == 4
    assert pool_target(0, 0, 2) == 2
    assert pool_target(0, 10, 0) == 0


def test_expected_count_is_shared_through_the_data_dir(tmp_path):
    assert read_expected(tmp_path) == 0
    assert write_expected(tmp_path, 40) == 40
    assert read_expected(tmp_path) == 40
    assert write_expected(tmp_path, -3) == 0
    assert write_expected(tmp_path, 10_000) == 500
    (tmp_path / "room-size.json").write_text("{broken")
    assert read_expected(tmp_path) == 0
    assert read_status(tmp_path) is None
    write_status(tmp_path, {"ready": 3})
    assert read_status(tmp_path) == {"ready": 3}


def test_the_pin_pause_is_room_wide_and_survives_a_new_console_page(tmp_path):
    write_pin(tmp_path, "135790")
    now = 1_000_000.0
    for _ in range(MAX_TRIES_BEFORE_PAUSE):
        assert not check_pin(tmp_path, "000000", now=now).ok
    # Any page (a new console page is a new kernel: only the data dir is shared) is paused,
    # even with the right PIN.
    paused = check_pin(tmp_path, "135790", now=now + 1)
    assert not paused.ok and 0 < paused.paused_seconds <= PAUSE_SECONDS
    assert check_pin(tmp_path, "135790", now=now + PAUSE_SECONDS + 1).ok
    # A right PIN resets the count of wrong tries.
    for _ in range(MAX_TRIES_BEFORE_PAUSE - 1):
        assert not check_pin(tmp_path, "1", now=now + 100).ok
    assert check_pin(tmp_path, "135790", now=now + 100).ok
    assert check_pin(tmp_path, "2", now=now + 100).paused_seconds == 0
