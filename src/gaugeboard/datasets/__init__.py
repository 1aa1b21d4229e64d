"""Data sets: typed tables with versions and time travel, stored as Delta Lake tables under
the instance folder and read through DuckDB. ``service`` creates, lists and drops them by
the folder rules; ``rows`` reads and changes rows (every change all or nothing, one new
version), ``csv_upload``/``csv_download`` stream rows in and out; ``columns`` holds the
column types and the checking of values; ``storage`` the table files; ``query`` the row
filters, sorting and grouped measures in DuckDB; ``provider`` answers dashboards'
``dataset`` sources; ``schemas`` what crosses the API's edge.
"""
