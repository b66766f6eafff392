"""Run one ad-hoc query in a child process the query cannot outlive or outgrow.

The parent starts a fresh interpreter (`python -m queries.sandbox`, the
request on stdin) that sets its own limits before it touches the query:
an address-space limit (RLIMIT_AS, `--max-memory`), no core files, no file
growth (RLIMIT_FSIZE 0), then checks the query against the allow-list
(queries/guard.py), opens the store read-only, asks the engine for a second
opinion and runs it. The parent waits at most `timeout_s` of wall-clock time
(parsing and opening included) and then kills the child with SIGKILL: no
setting inside the query can move that deadline. A child that crashes, runs
out of memory or is killed is reported as one clear error; the store is never
written, so it cannot be broken by it.
"""

from __future__ import annotations

import math
import os
import re
import signal
import sys
import time
from pathlib import Path
from typing import Any

DEFAULT_TIMEOUT_S = 30.0
MAX_TIMEOUT_S = 24 * 3600.0
DEFAULT_MAX_MEMORY = 2 * 2**30
MIN_MAX_MEMORY = 512 * 2**20
DEFAULT_LIMIT = 1000
MAX_LIMIT = 1_000_000
_BASE_OVERHEAD = 320 * 2**20  # interpreter, engine code, threads; queries on the bundled store run at 512M


class QueryError(ValueError):
    """A query that could not be answered, said in one line."""


def check_timeout(value: Any) -> float:
    """A finite, positive number of seconds (`inf`, `nan`, 0 and negatives are refused)."""
    try:
        t = float(value)
    except (TypeError, ValueError):
        raise QueryError(f"--timeout must be a number of seconds, not {value!r}") from None
    if not math.isfinite(t) or t <= 0 or t > MAX_TIMEOUT_S:
        raise QueryError(f"--timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT_S:.0f}, not {value}")
    return t


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.I)


def parse_memory(value: Any) -> int:
    """Bytes from '2G', '512MB', '1.5GiB' or a plain number of bytes; at least 512 MB."""
    m = _SIZE.match(str(value))
    if not m:
        raise QueryError(f"--max-memory takes a size such as 2G or 512M, not {value!r}")
    n = float(m.group(1)) * 1024 ** " kmgt".index((m.group(2) or " ").lower())
    if not math.isfinite(n) or n < MIN_MAX_MEMORY or n > 2**50:
        raise QueryError(f"--max-memory must be between 512M and 1P, not {value!r}")
    return int(n)


def check_limit(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LIMIT:
        raise QueryError(f"--limit must be a whole number of rows from 1 to {MAX_LIMIT:,}, not {value!r}")
    return value


def jsonable(value: Any) -> Any:
    """Plain JSON values: engine-internal keys dropped, NaN and infinities as null, the rest as text."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    return str(value)


def _engine_sizes(db_file: Path, max_memory: int) -> tuple[int, int]:
    """(buffer pool, max db size) that fit under the address-space limit with the interpreter."""
    size = db_file.stat().st_size
    max_db = 1 << max(23, (size * 2).bit_length())
    pool = max(64 * 2**20, (max_memory - _BASE_OVERHEAD - max_db) // 2)
    if _BASE_OVERHEAD + max_db + pool > max_memory:
        need = (_BASE_OVERHEAD + max_db + 64 * 2**20 + 2**20 - 1) // 2**20
        raise QueryError(f"the store ({size // 2**20} MB) needs --max-memory of at least {need}M")
    return pool, max_db


def _child(request: dict[str, Any]) -> tuple[Any, ...]:
    """In the child process: set the limits, check, open read-only, run; returns the message for the parent."""
    import resource

    max_memory = int(request["max_memory"])
    signal.alarm(int(math.ceil(float(request["timeout_s"]))) + 2)  # ends this process even if the parent is gone
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # a reading query has no file to grow
    from queries.guard import QueryRefused, check_query, engine_check

    query, params, limit = request["query"], request["params"], int(request["limit"])
    deadline = time.monotonic() + float(request["timeout_s"])
    try:
        check_query(query)
        import ladybug

        db = ladybug.Database(request["db_file"], read_only=True, buffer_pool_size=int(request["pool"]),
                              max_db_size=int(request["max_db"]), max_num_threads=2)
        c = ladybug.Connection(db)
        engine_check(c, query, params)
        left_ms = int((deadline - time.monotonic()) * 1000)
        if left_ms <= 0:
            return ("timeout",)
        c.set_query_timeout(left_ms)
        result = c.execute(query, params)
        if isinstance(result, list):  # cannot happen after engine_check; refuse rather than guess
            raise QueryRefused("the engine read it as more than one statement")
        columns = result.get_column_names()
        rows: list[Any] = []
        more = 0
        while result.has_next():
            row = result.get_next()
            if len(rows) < limit:
                rows.append(jsonable(list(row)))
            else:
                more += 1
        return ("ok", columns, rows, more)
    except QueryRefused as exc:
        return ("refused", str(exc))
    except MemoryError:
        return ("memory",)
    except RuntimeError as exc:
        text = str(exc)
        low = text.lower()
        if "bad_alloc" in text or "mmap" in low or ("buffer" in low and "memory" in low):
            return ("memory",)
        if "interrupt" in low or "timeout" in low:
            return ("timeout",)
        return ("error", text.splitlines()[0][:500] if text else type(exc).__name__)


def _main() -> None:
    """`python -m queries.sandbox`: one JSON request on stdin, one JSON answer on stdout."""
    import json

    try:
        message = _child(json.loads(sys.stdin.read()))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never a traceback
        first = str(exc).splitlines()[0][:300] if str(exc) else ""
        message = ("error", f"{type(exc).__name__}: {first}")
    sys.stdout.write(json.dumps(message, allow_nan=False))
    sys.stdout.flush()
    os._exit(0)  # skip the engine's teardown: the answer is out, the store was opened read-only


def _kill_group(proc: Any) -> None:
    """SIGKILL to the child's process group (it runs in a session of its own), then reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def run_query_sandboxed(db_file: Path, query: str, params: dict[str, Any], timeout_s: float = DEFAULT_TIMEOUT_S,
                        max_memory: int = DEFAULT_MAX_MEMORY, limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
    """{"columns", "rows", "more_rows"} from one reading query, or QueryError saying why not."""
    import json
    import subprocess

    from graph.model import ROOT

    timeout_s = check_timeout(timeout_s)
    limit = check_limit(limit)
    if not isinstance(max_memory, int):
        max_memory = parse_memory(max_memory)
    pool, max_db = _engine_sizes(db_file, max_memory)
    try:
        request = json.dumps({"db_file": str(db_file), "query": query, "params": params, "timeout_s": timeout_s,
                              "max_memory": max_memory, "pool": pool, "max_db": max_db, "limit": limit},
                             allow_nan=False)
    except (TypeError, ValueError):
        raise QueryError("--param values must be plain JSON values (no NaN or Infinity)") from None
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("NEO4J_PASSWORD", None)  # the child has no use for secrets
    proc = subprocess.Popen([sys.executable, "-m", "queries.sandbox"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=str(ROOT), env=env,
                            start_new_session=True)
    timed_out = False
    out = b""
    try:
        out, _ = proc.communicate(request.encode("utf-8"), timeout=timeout_s)
    except subprocess.TimeoutExpired:
        timed_out = True
    finally:
        if timed_out or proc.poll() is None:
            _kill_group(proc)  # the child and anything it started: nothing outlives the deadline
        if timed_out:
            try:
                proc.communicate(timeout=5)
            except (subprocess.TimeoutExpired, ValueError, OSError):
                pass
    if timed_out:
        raise QueryError(f"the query ran longer than {timeout_s:g} s and was stopped (--timeout)")
    try:
        message = json.loads(out.decode("utf-8")) if out else None
    except ValueError:
        message = None
    if not message:
        code = proc.returncode
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            raise QueryError(f"the query crashed the query process ({name}); the store is unchanged. "
                             f"Simplify the query or raise --max-memory")
        raise QueryError(f"the query process ended without an answer (exit {code}); the store is unchanged")
    kind = message[0]
    if kind == "ok":
        return {"columns": list(message[1]), "rows": [dict(zip(message[1], r)) for r in message[2]],
                "more_rows": message[3]}
    if kind == "refused":
        raise QueryError(message[1])
    if kind == "memory":
        raise QueryError(f"the query needed more than --max-memory ({max_memory // 2**20} MB) and was stopped")
    if kind == "timeout":
        raise QueryError(f"the query ran longer than {timeout_s:g} s and was stopped (--timeout)")
    raise QueryError(f"Cypher error: {message[1]}")


if __name__ == "__main__":
    _main()
