"""forum.filecache: the thread cache's file backend keeps values uncompressed and behaves as a cache."""

from forum.filecache import UncompressedFileBasedCache


def test_values_round_trip_expire_and_touch(tmp_path):
    cache = UncompressedFileBasedCache(str(tmp_path), {})
    html = "<p>" + "x" * 10_000 + "</p>"
    cache.set("thread", {"html": html}, timeout=60)
    assert cache.get("thread") == {"html": html}
    assert html.encode() in next(path.read_bytes() for path in tmp_path.iterdir())  # not compressed
    assert not cache.add("thread", "other") and cache.add("version", "abc")
    assert cache.get_many(["thread", "version", "missing"]) == {"thread": {"html": html}, "version": "abc"}
    assert cache.touch("thread", timeout=120) and cache.get("thread") == {"html": html}
    cache.set("gone", 1, timeout=-1)
    assert cache.get("gone", "default") == "default" and not cache.touch("gone")
    cache.clear()
    assert cache.get("thread") is None
