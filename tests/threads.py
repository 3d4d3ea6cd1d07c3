"""Running calls at the same moment, each in its own thread with its own database connection, for
tests of what happens when people act together."""
from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def at_once(calls: list[Callable[[], object]]) -> list:
    """What each call returned, or the error it raised, once all have run (in finishing order)."""
    barrier = threading.Barrier(len(calls), timeout=20)
    results: list = []
    lock = threading.Lock()

    def run(call) -> None:
        try:
            barrier.wait()
            outcome = call()
        except Exception as error:  # noqa: BLE001 - the test inspects what each call got
            outcome = error
        finally:
            connection.close()  # this thread's own connection
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results
