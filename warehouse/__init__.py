"""DuckDB: schema, loading, views for people and the diff step that raises alerts."""
