"""The reliability report counts a 503 as an outage answer only inside an outage window."""

import subprocess

from reliability.run import build_report

RESTARTS = [{"window": (100.0, 105.0), "recovery_seconds": 5.0}] * 3


def _report(tmp_path, outage_503s):
    client = {
        "outcomes": {"requests": 10, "ok": 8, "outage_503": len(outage_503s), "bad_5xx": 0},
        "latencies": {"/": [(50.0, 10.0), (200.0, 12.0)]},
        "outage_503s": outage_503s,
    }
    check = subprocess.CompletedProcess(args=[], returncode=0, stdout="", stderr="")
    writes = {"comment": {"acknowledged": 3, "missing": 0}}
    return build_report(RESTARTS, writes, check, client, "", tmp_path / "server.log")


def test_503s_during_an_outage_are_expected(tmp_path):
    report = _report(tmp_path, [("/", 101.0, 2000.0), ("/post", 99.5, 1000.0)])
    assert report["requests"]["bad_5xx"] == 0 and report["requests"]["outage_503"] == 2
    assert report["targets"]["5xx other than outage 503s = 0"]


def test_a_503_outside_every_outage_is_a_failure(tmp_path):
    # A deadlock or statement timeout is an OperationalError too, answered with the same 503.
    report = _report(tmp_path, [("/", 101.0, 2000.0), ("/comments/post/1/", 150.0, 30.0)])
    assert report["requests"]["bad_5xx"] == 1 and report["requests"]["outage_503"] == 1
    assert not report["targets"]["5xx other than outage 503s = 0"]
    assert any("/comments/post/1/" in sample for sample in report["bad_5xx_samples"])
