"""In-process profile of each benchmarked URL: SQL queries, bytes, SQL and total time.

Run by pages.py with DJANGO_SETTINGS_MODULE=benchsite.settings and the same
environment as gunicorn. Prints one JSON object on stdout.
Uses django.test.Client (full middleware stack, no HTTP, no gunicorn) and a
connection.execute_wrapper that records every query with its time (CaptureQueriesContext
is not usable here: the request_started signal resets connection.queries mid-capture).
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

    client = Client(HTTP_HOST="127.0.0.1")
    result = {}
    for url in urls:
        client.get(url)  # warm caches (templates, translations, URL resolver)
        captured = []

        def record(execute, sql, params, many, context, captured=captured):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                captured.append({"sql": sql, "time": time.perf_counter() - start})

        with connection.execute_wrapper(record):
            response = client.get(url)
        first_request_queries = len(captured)
        durations = []
        with connection.execute_wrapper(record):
            for _ in range(N):
                start = time.perf_counter()
                client.get(url)
                durations.append(time.perf_counter() - start)
        timed = captured[first_request_queries:]
        result[url] = {
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": first_request_queries,
            "sql_ms": round(sum(q["time"] for q in timed) * 1000 / N, 2),  # mean per request
            "median_ms": round(statistics.median(durations) * 1000, 2),
            "sql": [q["sql"][:160] for q in captured[:first_request_queries]],
        }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
