"""Worker processes for the per-file work: a pipe per worker, files sent in chunks.

Why not ``concurrent.futures.ProcessPoolExecutor``: a bitonal TIFF page decodes in ~4 ms, and the
executor's per-task machinery (a future, a wake-up of its manager thread, a queue feeder thread,
one pickle round trip per file) cost the parent about 1 ms per file, serially, so two workers could
not run twice as fast as one. Here each worker owns a pipe; the parent sends a chunk of files, the
worker answers with the chunk's results in one message, and the next chunk is already waiting in the
pipe, so a worker never idles while the parent catches up.

Chunks follow guided scheduling: large while much work remains (few messages), shrinking to single
files at the end (both workers finish together). A worker that dies takes only its own unanswered
files with it; those are retried one at a time on an isolation worker, and a file that kills that
worker too is reported as unreadable. Workers are started in a background thread as soon as the
pool is created, so their start overlaps the parent's catalog reading and folder walk.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import Any

Task = dict[str, Any]
Result = dict[str, Any]
Worker = Callable[[Task], Result]
Progress = Callable[[Result], None]

MAX_CHUNK = 8  # files per message at most: bounds the work lost to a crash and keeps progress smooth
AHEAD = 2  # chunks queued per worker (one running, one waiting in its pipe)
CRASH_MESSAGE = "解码进程异常退出（文件可能被恶意构造）"


def mp_context() -> multiprocessing.context.BaseContext:
    # forkserver, not fork: a forked child of a process that already runs OpenCV/ONNX thread pools (a web
    # worker, a test process) can deadlock on their locks before it does any work. The server loads the
    # imaging stack and runs it once (``warmup``), so each worker starts warm.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["dangan.engines.qc.warmup"])
    return ctx


def _serve(conn: Connection, fn: Worker) -> None:
    """Worker process: answer each chunk with (results, CPU seconds spent serving so far)."""
    from .imaging import worker_init

    worker_init()
    cpu0 = time.process_time()
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            break
        if chunk is None:
            break
        try:
            reply: tuple[Any, ...] = ("ok", [fn(task) for task in chunk], time.process_time() - cpu0)
        except BaseException as exc:  # a bug, not a hostile file (analyse_file catches those)
            reply = ("raise", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}", 0.0)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            break
    # Nothing to flush; skip interpreter teardown of a heap that may hold hundreds of MB.
    os._exit(0)


class _Proc:
    def __init__(self, ctx: multiprocessing.context.BaseContext, fn: Worker) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_serve, args=(child, fn), daemon=True)
        self.proc.start()
        child.close()
        self.sent: deque[list[Task]] = deque()
        self.cpu = 0.0

    def send(self, chunk: list[Task]) -> None:
        self.conn.send(chunk)
        self.sent.append(chunk)

    def unanswered(self) -> list[Task]:
        return [t for chunk in self.sent for t in chunk]

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.proc.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError, AttributeError):
            pass
        self.conn.close()


class WorkerError(RuntimeError):
    """The per-file function raised in a worker (a bug rather than a hostile file)."""


class Pool:
    """``workers`` processes running ``fn`` (importable by name: workers start from a fork server)."""

    def __init__(self, workers: int, fn: Worker) -> None:
        self.workers = max(1, int(workers))
        self.fn = fn
        self.ctx = mp_context()
        self.procs: list[_Proc] = []
        self.cpu_done = 0.0  # CPU of workers that already stopped
        self._error: BaseException | None = None
        self._closed = False
        self._starter = threading.Thread(target=self._start_all, name="qc-pool-start", daemon=True)
        self._starter.start()

    def _start_all(self) -> None:
        try:
            for _ in range(self.workers):
                self.procs.append(_Proc(self.ctx, self.fn))
        except BaseException as exc:  # reported by run()
            self._error = exc

    @property
    def cpu_s(self) -> float:
        """CPU seconds the workers spent serving files (their start-up is not included)."""
        return self.cpu_done + sum(p.cpu for p in self.procs)

    def run(self, tasks: list[Task], progress: Progress) -> float:
        """Run ``tasks``; returns the CPU seconds the workers spent on them."""
        cpu_before = self.cpu_s
        pending: deque[Task] = deque(tasks)
        suspects: list[Task] = []
        while True:
            # Workers are used as soon as each one is up, while the others are still starting.
            starting = self._starter.is_alive()
            if self._error is not None:
                raise self._error
            procs = list(self.procs)
            if not pending and not any(p.sent for p in procs):
                break
            for p in procs:
                while pending and len(p.sent) < AHEAD:
                    n = min(MAX_CHUNK, max(1, math.ceil(len(pending) / (3 * self.workers))))
                    chunk = [pending.popleft() for _ in range(min(n, len(pending)))]
                    try:
                        p.send(chunk)
                    except (OSError, ValueError):  # it died since its last answer
                        pending.extendleft(reversed(chunk))
                        suspects.extend(p.unanswered())
                        self._replace(p, True)
                        break
            procs = list(self.procs)
            busy = {p.conn: p for p in procs if p.sent}
            if not busy:
                self._starter.join(0.002)
                continue
            for conn in wait(list(busy), timeout=0.002 if starting else None):
                p = busy[conn]
                try:
                    status, payload, cpu = conn.recv()
                except (EOFError, OSError):
                    suspects.extend(p.unanswered())
                    self._replace(p, bool(pending))
                    continue
                if status != "ok":
                    raise WorkerError(payload)
                p.sent.popleft()
                p.cpu = cpu
                for result in payload:
                    progress(result)
        for task in suspects:
            self._isolate(task, progress)
        return self.cpu_s - cpu_before

    def _replace(self, dead: _Proc, needed: bool) -> None:
        dead.stop(kill=True)
        dead.proc.join()
        self.cpu_done += dead.cpu
        self.procs.remove(dead)
        if needed or not self.procs:
            self.procs.append(_Proc(self.ctx, self.fn))

    def _isolate(self, task: Task, progress: Progress) -> None:
        """Run one file that was in flight when a worker died on a worker of its own."""
        p = self.procs[0]
        try:
            p.send([task])
        except (OSError, ValueError):  # died after its last answer: the file has not reached it
            self._replace(p, True)
            p = self.procs[0]
            p.send([task])
        try:
            status, payload, cpu = p.conn.recv()
        except (EOFError, OSError):
            self._replace(p, True)
            progress({"rel": task["rel"], "error": CRASH_MESSAGE, "pages": [], "format": None, "hashes": {}})
            return
        p.sent.popleft()
        if status != "ok":
            raise WorkerError(payload)
        p.cpu = cpu
        progress(payload[0])

    def healthy(self) -> bool:
        """Can serve another check: started, not closed, every worker alive and idle."""
        return (
            not self._closed
            and not self._starter.is_alive()
            and self._error is None
            and len(self.procs) == self.workers
            and all(p.proc.is_alive() and not p.sent for p in self.procs)
        )

    def close(self, kill: bool = False) -> None:
        self._closed = True
        self._starter.join()
        for p in self.procs:
            p.stop(kill=kill)
        # Workers exit on the stop message; reap them without waiting on their teardown.
        for p in self.procs:
            p.proc.join(0 if not kill else 1.0)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.close(kill=exc_type is not None)


# Warm pools between checks in one process (the acceptance app runs round after round; the benchmark
# and the tests call run_check repeatedly). A worker's start costs about as much as a few pages, which
# on a small batch is a good part of what a second worker saves. Idle pools are closed after
# IDLE_S seconds, so a long-lived process does not keep the workers' memory for nothing.
IDLE_S = 30.0
_idle_lock = threading.Lock()
_idle: dict[tuple[int, str], tuple[Pool, threading.Timer]] = {}


def _key(workers: int, fn: Worker) -> tuple[int, str]:
    return (max(1, int(workers)), f"{fn.__module__}.{fn.__qualname__}")


def acquire(workers: int, fn: Worker) -> Pool:
    """A warm idle pool for (workers, fn), or a new one (started in the background)."""
    with _idle_lock:
        entry = _idle.pop(_key(workers, fn), None)
    if entry is not None:
        pool, timer = entry
        timer.cancel()
        if pool.healthy():
            return pool
        pool.close(kill=True)
    return Pool(workers, fn)


def release(pool: Pool) -> None:
    """Keep ``pool`` warm for IDLE_S seconds (one per key; a pool that is not healthy is closed)."""
    if not pool.healthy():
        pool.close(kill=True)
        return
    key = _key(pool.workers, pool.fn)
    timer = threading.Timer(IDLE_S, _expire, args=(key, pool))
    timer.daemon = True
    with _idle_lock:
        old = _idle.pop(key, None)
        _idle[key] = (pool, timer)
    if old is not None:
        old[1].cancel()
        old[0].close()
    timer.start()


def _expire(key: tuple[int, str], pool: Pool) -> None:
    with _idle_lock:
        entry = _idle.get(key)
        if entry is None or entry[0] is not pool:
            return
        del _idle[key]
    pool.close()


def close_idle() -> None:
    """Close every idle pool now."""
    with _idle_lock:
        entries = list(_idle.values())
        _idle.clear()
    for pool, timer in entries:
        timer.cancel()
        pool.close()
