"""``Schedule()``: schedules of jobs, their runs, and running one now."""

from __future__ import annotations

from typing import Any

from gaugeboard.client._resource import Resource, check_output, listed
from gaugeboard.client._runs import fetch_run, run_of, wait_for_run


class Schedule(Resource):
    """Schedules the caller may manage (editors and admins), and job runs."""

    def get_schedule(self, rec_id: int | None = None, output: str = "df") -> Any:
        """Every schedule (with its next and last run), or the one ``rec_id`` names."""
        check_output(output)
        if rec_id is None:
            return listed(list(self.session.pages("api/schedule", "schedules")), output)
        body = self.session.get(f"api/schedule/{int(rec_id)}")
        found = [body["schedule"]] if "schedule" in body else body["schedules"]
        return listed(found, output) if output == "df" else found[0]

    def get_schedule_runs(self, rec_id: int, output: str = "df") -> Any:
        """Every run of the schedule, newest first."""
        check_output(output)
        return listed(list(self.session.pages(f"api/schedule/{int(rec_id)}", "runs")), output)

    def trigger_schedule(
        self,
        rec_id: int,
        wait: bool = False,
        *,
        poll_seconds: float = 1.0,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Run the schedule now (paused or not) and return the run; with ``wait``, once it
        has ended."""
        queued = self.session.send("POST", f"api/schedule/{int(rec_id)}/trigger")
        return run_of(self.session, queued, wait, poll_seconds=poll_seconds, timeout=timeout)

    def get_run(self, run_id: int) -> dict[str, Any]:
        """One job run: state, times, progress, error and result."""
        return fetch_run(self.session, run_id)

    def wait_run(
        self, run_id: int, poll_seconds: float = 1.0, timeout: float | None = None
    ) -> dict[str, Any]:
        """The run once it has ended."""
        return wait_for_run(self.session, run_id, poll_seconds, timeout)
