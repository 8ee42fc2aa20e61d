"""CI runs the suite twice, on PostgreSQL then SQLite: this proves each leg ran where it said."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_ci_asked_for():
    expected = os.environ.get("CONCERTO_EXPECT_DB")
    if not expected:
        pytest.skip("CONCERTO_EXPECT_DB is not set (only .ci/run sets it)")
    assert connection.vendor == expected


@pytest.mark.django_db
def test_postgresql_connections_do_not_jit_compile():
    # JIT compiling cost the back office's questionnaire list 460 ms at a million responses.
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
