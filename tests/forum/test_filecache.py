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


def test_a_new_value_replaces_the_old_file_and_leaves_no_temporary_one(tmp_path):
    cache = UncompressedFileBasedCache(str(tmp_path), {})
    cache.set("thread", "old")
    cache.set("thread", "new")
    assert cache.get("thread") == "new"
    assert len(list(tmp_path.iterdir())) == 1


def test_a_value_that_cannot_be_written_keeps_the_old_one_out_and_no_temporary_file(tmp_path):
    cache = UncompressedFileBasedCache(str(tmp_path), {})
    cache.set("thread", "old")

    class Unpicklable:
        def __reduce__(self):
            raise TypeError("no")

    try:
        cache.set("thread", Unpicklable())
    except TypeError:
        pass
    else:
        raise AssertionError("the write should have failed")
    # The old file stays until a new one is complete; no half-written temporary file is left behind.
    assert cache.get("thread") == "old"
    assert len(list(tmp_path.iterdir())) == 1


def test_the_directory_is_culled_once_in_cull_every_writes(tmp_path, monkeypatch):
    import itertools

    from forum import filecache

    monkeypatch.setattr(filecache, "CULL_EVERY", 10)
    monkeypatch.setattr(filecache, "_writes", itertools.count(1))
    # CULL_FREQUENCY 0: a look over the limit empties the directory.
    cache = UncompressedFileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 0}})
    for number in range(1, 40):
        cache.set(f"key{number}", number)
    # The look at write 30 emptied it; writes 30 to 39 are there. Without culling: 39 files.
    assert len(list(tmp_path.iterdir())) == 10
