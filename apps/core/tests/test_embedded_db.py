import json
import os

from roadmap.embedded_db import repair_handle_list


def test_an_empty_handle_list_left_by_a_killed_process_is_repaired(tmp_path):
    path = tmp_path / ".handle_pids.json"
    path.write_text("")
    repair_handle_list(tmp_path)
    assert json.loads(path.read_text()) == []


def test_dead_processes_are_dropped_and_live_ones_kept(tmp_path):
    path = tmp_path / ".handle_pids.json"
    path.write_text(json.dumps([os.getpid(), 2**22 + 12345]))
    repair_handle_list(tmp_path)
    assert json.loads(path.read_text()) == [os.getpid()]


def test_nothing_to_repair_leaves_the_file_alone(tmp_path):
    repair_handle_list(tmp_path)  # no file yet: nothing happens
    assert not (tmp_path / ".handle_pids.json").exists()
