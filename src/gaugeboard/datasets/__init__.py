"""Data sets: typed tables with versions and time travel, stored as Delta Lake tables under
the instance folder and read through DuckDB. ``service`` creates, reads and changes them
(every change all or nothing, one new version); ``columns`` holds the column types and the
checking of values; ``storage`` the table files; ``filters`` the row filters and sorting.
"""
