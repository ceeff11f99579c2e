"""Running the same work in several threads at once, each with its own database connection, for
the concurrency tests on PostgreSQL."""

import threading

from django.db import connection


def run_together(work, count):
    """Start `count` threads that call `work(index)` at the same moment; returns their exceptions."""
    barrier = threading.Barrier(count)
    errors = []

    def worker(index):
        try:
            barrier.wait()
            work(index)
        except Exception as error:  # collected and reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
