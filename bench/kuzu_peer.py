"""Kuzu peer for bench/run.py, in its own process (Kuzu and LadybugDB cannot share one).

Reads the Parquet files bench/run.py writes (authority, post, judgement, person
ids; AT, OF and HELD edges), builds a Kuzu database with the same shape, runs the
same who-led query for each (authority, rating) pair and prints JSON: the answers
and the per-query times. Usage: python bench/kuzu_peer.py DIR PAIRS.json
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

QUERY = """MATCH (a:Authority {id: $authority_id})<-[:OF]-(j:Judgement)
WHERE j.overall = $rating AND j.insp_from IS NOT NULL
MATCH (a)<-[:AT]-(post:Post)<-[h:HELD]-(p:Person)
WHERE h.possible_from <= j.insp_until AND h.possible_until >= j.insp_from
RETURN j.id AS judgement, h.id AS tenure"""


def main() -> int:
    import kuzu

    src, pairs = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text())
    work = Path(tempfile.mkdtemp(prefix="kuzu-peer-"))
    db = kuzu.Database(str(work / "db"))
    conn = kuzu.Connection(db)
    t0 = time.perf_counter()
    for ddl in ("CREATE NODE TABLE Person(id STRING, PRIMARY KEY(id))",
                "CREATE NODE TABLE Authority(id STRING, PRIMARY KEY(id))",
                "CREATE NODE TABLE Post(id STRING, authority_id STRING, PRIMARY KEY(id))",
                "CREATE NODE TABLE Judgement(id STRING, authority_id STRING, overall STRING, insp_from STRING, "
                "insp_until STRING, PRIMARY KEY(id))",
                "CREATE REL TABLE AT(FROM Post TO Authority)", "CREATE REL TABLE OF(FROM Judgement TO Authority)",
                "CREATE REL TABLE HELD(FROM Person TO Post, id STRING, possible_from STRING, possible_until STRING)"):
        conn.execute(ddl)
    for name in ("Person", "Authority", "Post", "Judgement", "AT", "OF", "HELD"):
        conn.execute(f"COPY {name} FROM '{src / name}.parquet'")
    load_s = time.perf_counter() - t0
    for aid, r in pairs[:5]:
        conn.execute(QUERY, {"authority_id": aid, "rating": r})
    times, answers = [], []
    for aid, r in pairs:
        t = time.perf_counter()
        res = conn.execute(QUERY, {"authority_id": aid, "rating": r})
        rows = []
        while res.has_next():
            rows.append(res.get_next())
        times.append(time.perf_counter() - t)
        answers.append(sorted(map(list, rows)))
    print(json.dumps({"version": kuzu.__version__, "load_s": round(load_s, 2), "times": times, "answers": answers}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
