"""In-process profile of each benchmarked URL: SQL queries, bytes, median time.

Run by pages.py with DJANGO_SETTINGS_MODULE=benchsite.settings and the same
environment as gunicorn. Prints one JSON object on stdout.
Uses django.test.Client (full middleware stack, no HTTP, no gunicorn) and
CaptureQueriesContext (which records every query with its time).
"""

import json
import os
import statistics
import sys
import time

import django

N = int(os.environ.get("PROFILE_REQUESTS", "200"))


def main(urls: list[str]) -> None:
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    result = {}
    for url in urls:
        client.get(url)  # warm caches (templates, translations, URL resolver)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        sql_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
        durations = []
        for _ in range(N):
            start = time.perf_counter()
            client.get(url)
            durations.append(time.perf_counter() - start)
        result[url] = {
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": len(ctx.captured_queries),
            "sql_ms": round(sql_ms, 2),
            "median_ms": round(statistics.median(durations) * 1000, 2),
            "sql": [q["sql"][:160] for q in ctx.captured_queries],
        }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
