"""Import benchmark: a large synthetic Disqus export, streamed to disk, then parsed and imported.

Each phase runs in its own process so its peak RSS is its own: `baseline` (the interpreter with
kibitz's import modules loaded), `parse` (the parser alone over the whole file) and `import`
(parse + write into a fresh SQLite database in one transaction). Prints rates and the ratios of
the import's peak memory to the parse-only and baseline figures measured in the same run.

    .venv/bin/python bench/imports.py [--comments 200000] [--threads 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HEADER = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'
)


def generate(path: Path, *, comments: int, threads: int, seed: int = 7) -> None:
    """Threads, then posts; a third are replies, some written before their parent."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for t in range(1, threads + 1):
            out.write(
                f'<thread dsq:id="t{t}"><id>bench/{t}</id>'
                f"<link>https://news.example.com/bench/{t}</link><title>Article {t}</title>"
                "<isClosed>false</isClosed><isDeleted>false</isDeleted></thread>\n"
            )
        for c in range(1, comments + 1):
            thread = (c % threads) + 1
            parent = ""
            if c > threads and rng.random() < 0.33:
                offset = threads * rng.randint(-2, 5)  # negative: the parent comes later
                target = c - offset if 0 < c - offset <= comments and offset else c - threads
                parent = f'<parent dsq:id="p{target}"/>'
            out.write(
                f'<post dsq:id="p{c}"><message><![CDATA[<p>Comment {c} with <b>bold</b> text '
                f'and a <a href="https://example.com/{c}">link</a>.</p>]]></message>'
                f"<createdAt>2026-11-20T10:00:00Z</createdAt><isDeleted>false</isDeleted>"
                f"<isSpam>false</isSpam><author><name>Reader {c % 997}</name>"
                f"<email>r{c % 997}@example.com</email></author>"
                f'<thread dsq:id="t{thread}"/>{parent}</post>\n'
            )
        out.write("</disqus>\n")


def phase(name: str, path: Path) -> dict[str, Any]:
    from kibitz.imports import disqus, service  # noqa: F401  (the baseline loads them too)

    started = time.perf_counter()
    count = 0
    if name == "parse":
        with path.open("rb") as source:
            count = sum(1 for _ in disqus.parse(source))
    elif name == "import":
        count = _import(path)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"phase": name, "seconds": seconds, "records": count, "peak_rss_mib": peak_kib / 1024}


def _import(path: Path) -> int:
    from kibitz.db import make_engine, make_session_factory, upgrade
    from kibitz.imports.service import ImportRequest, run_import

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        engine = make_engine(url)
        request = ImportRequest(source="disqus", path=path, site="bench", create_site=True)
        summary = run_import(make_session_factory(engine), request, secret="bench")
        engine.dispose()
    return summary.comments


def _child(name: str, path: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--phase", name, str(path)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--threads", type=int, default=2_000)
    parser.add_argument("--phase", choices=["baseline", "parse", "import"])
    parser.add_argument("file", nargs="?", type=Path)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.file)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "disqus.xml"
        generate(path, comments=args.comments, threads=args.threads)
        size_mib = path.stat().st_size / 2**20
        base, parse, full = (_child(name, path) for name in ("baseline", "parse", "import"))
    print(f"synthetic Disqus export: {args.comments:,} comments, {size_mib:.1f} MiB")
    for row in (base, parse, full):
        rate = row["records"] / row["seconds"] if row["records"] else 0
        print(
            f"{row['phase']:>8}: {row['seconds']:7.1f} s  {rate:9,.0f} records/s  "
            f"peak RSS {row['peak_rss_mib']:7.1f} MiB"
        )
    print(f"import/parse time ratio: {full['seconds'] / parse['seconds']:.1f}x")
    print(
        "import peak RSS / parse-only peak RSS: "
        f"{full['peak_rss_mib'] / parse['peak_rss_mib']:.2f}x"
    )
    print(
        f"import peak RSS / baseline peak RSS: {full['peak_rss_mib'] / base['peak_rss_mib']:.2f}x"
    )


if __name__ == "__main__":
    main()
