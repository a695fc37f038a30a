"""Per-item progress for long make targets (docs/usage.md "Progress of long make targets"): one
line per finished item with the count, the wall time so far and an estimate of the time left,
the wall time per item so far times the items left (with items run in parallel, the wall time
per item already reflects the parallelism)."""
import sys
import threading
import time


def _dur(s):
    s = int(s + 0.5)
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"


class Progress:
    def __init__(self, label, total, out=sys.stdout):
        self.label, self.total, self.out = label, total, out
        self.done = 0
        self.t0 = time.monotonic()
        self.lock = threading.Lock()

    def step(self, what):
        """Reports one more item done (thread-safe); returns the line printed."""
        with self.lock:
            self.done += 1
            el = time.monotonic() - self.t0
            left = el / self.done * (self.total - self.done)
            line = (f"{self.label}: [{self.done}/{self.total}] {what} ({_dur(el)} so far"
                    + (f", about {_dur(left)} left)" if self.done < self.total else ")"))
            print(line, file=self.out, flush=True)
            return line
