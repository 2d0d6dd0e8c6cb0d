"""A 1,000-product bulk copy job on PostgreSQL, end to end, against generation alone in the same run.

    python bench/copy_bulk_job.py [--database-url postgres://postgres@127.0.0.1:5432/mai_copy] [--products 1000]

Seeds the demo catalogue into that database (its shop tables are flushed first; use a database of
its own), then times (a) generation and grounding of the same products in memory, the baseline,
and (b) the ``generate_copy`` job end to end: product reads through the adapter, chunked
transactions, draft inserts with their batch keys and progress writes.
"""

import argparse
import os
import time
from urllib.parse import urlparse

from copy_setup import setup_demo

KINDS = ["description", "seo_title", "meta_description"]


def ensure_database(url):
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL",
                                                                 "postgres://postgres@127.0.0.1:5432/mai_copy"))
    parser.add_argument("--products", type=int, default=1000)
    args = parser.parse_args()
    ensure_database(args.database_url)
    started = time.perf_counter()
    count = setup_demo(args.products, database_url=args.database_url)
    print(f"{count} products seeded into {urlparse(args.database_url).path.lstrip('/')} "
          f"in {time.perf_counter() - started:.1f} s")
    from django.db import connection

    from marketing_ai import jobs
    from marketing_ai.copywriting.composer import product_facts
    from marketing_ai.copywriting.workflow import catalogue_checker, write_copy
    from marketing_ai.copywriting.models import CopyDraft
    from marketing_ai.shop import get_adapter

    # The bench's own scratch database: start from no drafts so the counts below are this run's.
    CopyDraft.objects.all().delete()
    facts_list = [product_facts(p) for p in get_adapter().iter_products()]
    checker = catalogue_checker()
    started = time.perf_counter()
    written = write_copy(facts_list, KINDS, "en", "friendly", backend="template", checker=checker, seed=1)
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    job = jobs.start_job("generate_copy", {"all": True, "kinds": KINDS, "language": "en", "tone": "friendly"},
                         sync=True)
    end_to_end = time.perf_counter() - started
    drafts = CopyDraft.objects.count()
    grounded = CopyDraft.objects.filter(grounded=True).count()
    print(f"database {connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}")
    print(f"baseline: generate + ground in memory  {len(written):6d} drafts  {baseline:7.2f} s  "
          f"{len(written) / baseline:8.0f} drafts/s")
    print(f"bulk job end to end ({job.status:9})   {drafts:6d} drafts  {end_to_end:7.2f} s  "
          f"{drafts / end_to_end:8.0f} drafts/s")
    print(f"end-to-end time / baseline time: {end_to_end / baseline:.2f}x; grounded {grounded}/{drafts}; "
          f"job progress {job.progress}%")


if __name__ == "__main__":
    main()
