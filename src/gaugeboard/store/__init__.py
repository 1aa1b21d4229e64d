"""The catalog store: the only package that owns SQL (engine, models, migrations, queries)."""
