"""Smoke test for the throwaway PostgreSQL cluster helper."""

from __future__ import annotations

import sqlalchemy

from crisis_timeline.testing.pgcluster import ThrowawayCluster


def test_throwaway_cluster_postgresql() -> None:
    cluster = ThrowawayCluster()
    cluster.start()
    try:
        base_dir = cluster.base_dir
        assert base_dir is not None and base_dir.is_dir()
        assert len(str(cluster.socket_dir)) < 100

        cluster.create_database("ct_smoke")
        engine = sqlalchemy.create_engine(cluster.url("ct_smoke"))
        try:
            with engine.connect() as conn:
                assert conn.execute(sqlalchemy.text("select 1")).scalar_one() == 1
                conn.execute(sqlalchemy.text("create table t (id int primary key)"))
                conn.execute(sqlalchemy.text("insert into t values (42)"))
                conn.commit()
        finally:
            engine.dispose()  # a template must have no other sessions

        cluster.create_database("ct_copy", template="ct_smoke")
        copy = sqlalchemy.create_engine(cluster.url("ct_copy"))
        try:
            with copy.connect() as conn:
                assert conn.execute(sqlalchemy.text("select id from t")).scalar_one() == 42
        finally:
            copy.dispose()
        cluster.drop_database("ct_copy")
    finally:
        cluster.stop()
    assert not base_dir.exists()
    cluster.stop()  # idempotent
