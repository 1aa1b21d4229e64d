"""Background work: job types registered by name, schedules (cron in a time zone, or every
N seconds), and runs claimed through the catalog so each due time runs once however many
processes, workers or hosts look. Runs execute in a thread pool of the server process, in
``gaugeboard worker``, or on Celery workers; the same ``execute.run_claimed`` runs them all.

Entry points: ``registry.JobRegistry`` (what can run), ``service`` (schedules and runs for
the API and pages), ``runner.JobRunner`` (the timer of one process).
"""
