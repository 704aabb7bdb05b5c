import ctypes
import ctypes.util
import os

from django.core.wsgi import get_wsgi_application

# glibc's mallopt parameters (malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3


def tune_malloc() -> bool:
    """Keep large buffers in the heap for reuse instead of mapping fresh pages for each (glibc only).

    A post page with a long discussion is about 2 MB, and serving it builds a few buffers of that
    size: the kept page read from the cache, its pieces, the response. glibc gives every such buffer
    fresh pages from the kernel (mmap above a threshold it moves as it sees fit) and may hand the heap
    back as soon as it is freed, so each request paid for hundreds of page faults: about half the
    time of a kept 2,000-comment page. Fixed thresholds above that size let freed buffers be reused.
    A worker keeps up to M_TRIM_THRESHOLD of freed memory instead of returning it at once.
    `MALLOC_TUNING=0` leaves glibc's defaults.
    """
    if os.environ.get("MALLOC_TUNING", "1") == "0":
        return False
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return False  # not glibc (macOS, say): nothing to tune
    mapping = mallopt(M_MMAP_THRESHOLD, 16 * 1024 * 1024)
    trimming = mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024)
    return bool(mapping and trimming)  # mallopt answers 1 when it took the setting


tune_malloc()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
application = get_wsgi_application()
