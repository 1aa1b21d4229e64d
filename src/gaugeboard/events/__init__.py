"""Events: the tracking log and the analytics over it.

Owns event keys, ingest (parse, validate, de-duplicate, commit to the tail table), sealing
the tail into immutable Parquet segments, the DuckDB view over segments plus tail, the
one analytics query model (metric, funnel, retention) with its engines, and the listings
behind ``/events`` and the metrics explorer's pickers.
"""
