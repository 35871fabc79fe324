"""Keep what a warmed-up process holds for good out of the garbage collector's full passes."""

import gc

_served = 0
_next_freeze = 100


def freeze_when_warm(**_signal_arguments) -> None:
    """After a process's first 100 requests, and again after 1,000, 10,000 and so on, move what
    it holds out of the collector's reach (``gc.freeze``): what those requests built to keep
    (compiled templates, the content of the revision, remembered addresses and menus) lives as
    long as the process, and full passes walked it again and again (about 1 ms a request on
    the admin's changelist, profiled). A collection first, so no garbage is kept; a handful of
    freezes in a process's life, so little that dies later is kept from the collector."""
    global _served, _next_freeze
    _served += 1
    if _served == _next_freeze:
        _next_freeze *= 10
        gc.collect()
        gc.freeze()
