"""Profile one benchmark page in-process with pyinstrument, on the benchmark's database.

    uv run --with pyinstrument python -m bench.profile dashboard --requests 50

Run bench/run once first: it builds the database this reuses.
"""

from __future__ import annotations

import argparse
import os
import time

from bench import harness


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.profile", description=__doc__.split("\n")[0])
    parser.add_argument("page", help="part of a benchmark page's name, e.g. dashboard")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--html", help="write pyinstrument's HTML report here")
    parser.add_argument("--cpu", action="store_true", help="app CPU per request, no profile")
    parser.add_argument("--cprofile", action="store_true",
                        help="cProfile timed by process CPU (steadier on a loaded machine)")
    parser.add_argument("--tree", action="store_true", help="the call tree, not the flat view")
    parser.add_argument("--chars", type=int, default=6000, help="print this much of the report")
    parser.add_argument("--fresh", action="store_true",
                        help="draw every page afresh: nothing kept per data stamp (apps.core.kept)")
    args = parser.parse_args()

    from roadmap.embedded_db import embedded_database_url

    url = os.environ.get("DATABASE_URL") or embedded_database_url(
        harness.ROOT / "var" / "postgres", harness.BENCH_DATABASE
    )
    environment = harness.bench_environment(url)
    harness.bring_up_to_date(environment)
    os.environ.update(environment)
    import django

    django.setup()
    cookies = harness.signed_in_cookies()
    target = next(t for t in harness.targets() if args.page in t.name)
    with harness.history_kept_as_seeded(target):
        _profile(args, target, cookies[target.who])


def _profile(args, target: harness.Target, cookie: str) -> None:
    from pyinstrument import Profiler

    from apps.core.kept import copies

    def run() -> None:
        for n in range(args.requests):
            if args.fresh:  # as after a change to the person's records
                copies.clear()
            harness.count_queries(target, cookie, n)

    harness.count_queries(target, cookie)  # warm the caches
    if args.cpu:
        # The app's own CPU per request, without the profiler (the database's is not in it).
        started = time.process_time()
        run()
        used = (time.process_time() - started) / args.requests
        print(f"{target.name}: {1000 * used:.1f} ms app CPU per request")
        return
    if args.cprofile:
        import cProfile
        import pstats

        profile = cProfile.Profile(time.process_time)
        profile.enable()
        run()
        profile.disable()
        stats = pstats.Stats(profile).strip_dirs()
        stats.sort_stats("cumulative" if args.tree else "tottime").print_stats(args.chars // 150)
        return
    profiler = Profiler(interval=0.0005)
    with profiler:
        run()
    # Flat: the functions where the time is spent (self time), heaviest first; or the tree.
    report = profiler.output_text(unicode=True, color=False, flat=not args.tree)
    print(report[: args.chars])
    if args.html:
        with open(args.html, "w") as out:
            out.write(profiler.output_html())

if __name__ == "__main__":
    main()
