"""Scheduled reports: a dashboard (or some of its widgets) drawn by ``render`` and sent
through ``notify``'s channels on a cron schedule, or now on request. ``service`` is what
views call; ``sending`` draws and sends one run; ``images`` keeps each run's PNG for its
signed, expiring link; ``jobs`` registers the ``reports.send`` system job."""
