"""Django's file-based cache without zlib: for large rendered HTML (comments.thread_cache).

Compressing a 2 MB thread took longer than rendering parts of it, and decompressing it on every read
cost several milliseconds; disk space is the cheaper side of that trade.

Django lists the whole directory before every write to see whether it is over MAX_ENTRIES: about
3 ms once it holds 5,000 files, paid several times by a page that stores its thread, its parts and
its kept copy. Here one write in CULL_EVERY (per process) looks, so the directory can overshoot the
limit by that many files at most between looks.

A new value also removes the old file before it takes its name. Renaming over an existing file makes
ext4 (auto_da_alloc) start writing the new one out at once: about 1.4 ms for a 2 MB thread instead of
0.4 ms. In between, a reader finds no entry, which for a cache is only a miss.
"""

import contextlib
import itertools
import os
import pickle
import tempfile

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

CULL_EVERY = 100
_writes = itertools.count(1)


class UncompressedFileBasedCache(FileBasedCache):
    def _cull(self):
        if next(_writes) % CULL_EVERY == 0:
            super()._cull()

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._createdir()  # as in Django: the directory may have been deleted
        name = self._key_to_file(key, version)
        self._cull()
        descriptor, temporary = tempfile.mkstemp(dir=self._dir)
        try:
            with open(descriptor, "wb") as file:
                self._write_content(file, timeout, value)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)
            os.rename(temporary, name)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(temporary)
            raise

    def get(self, key, default=None, version=None):
        try:
            with open(self._key_to_file(key, version), "rb") as f:
                if not self._is_expired(f):
                    return pickle.loads(f.read())  # noqa: S301 - our own cache files
        except FileNotFoundError:
            pass
        return default

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            with open(self._key_to_file(key, version), "r+b") as f:
                try:
                    locks.lock(f, locks.LOCK_EX)
                    if self._is_expired(f):
                        return False
                    value = pickle.loads(f.read())  # noqa: S301 - our own cache files
                    f.seek(0)
                    f.truncate()
                    self._write_content(f, timeout, value)
                    return True
                finally:
                    locks.unlock(f)
        except FileNotFoundError:
            return False
