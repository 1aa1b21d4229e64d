"""Assembling the jobs engine of one mounted gaugeboard: its registry (gaugeboard's own job
types and target kinds, and those the layers above add through ``plugins``), its system
schedules, and its runner with the chosen backend."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from gaugeboard.config import Settings
from gaugeboard.events.sealing_job import SealingJob
from gaugeboard.jobs.builtin import SystemSchedule, register_builtin, system_schedules
from gaugeboard.jobs.dashboard_refresh import RefreshParts, refresh_job_type
from gaugeboard.jobs.environment import JobEnvironment
from gaugeboard.jobs.registry import JobRegistry
from gaugeboard.jobs.runner import JobRunner
from gaugeboard.jobs.system_schedules import sync_system_schedules
from gaugeboard.jobs.targets import DASHBOARD, dashboard_target
from gaugeboard.monitor.status_monitor import StatusMonitor
from gaugeboard.store.database import Database

# A layer above jobs (data sets, notebooks) registering its job types and target kinds;
# returns the system schedules it wants.
JobPlugin = Callable[[JobRegistry], Sequence[SystemSchedule]]


def build_runner(
    database: Database,
    settings: Settings,
    data_dir: Path,
    sealing: SealingJob,
    monitor: StatusMonitor | None,
    refresh: RefreshParts,
    plugins: Sequence[JobPlugin] = (),
) -> JobRunner:
    registry = JobRegistry()
    register_builtin(registry, sealing, monitor)
    registry.register_target(DASHBOARD, dashboard_target)
    registry.register(refresh_job_type(refresh))
    env = JobEnvironment(database, settings, data_dir, registry)
    wanted = list(system_schedules(settings))
    for plugin in plugins:
        wanted.extend(plugin(registry))
    sync_system_schedules(env, wanted)
    runner = JobRunner(env, settings["JOBS_POLL_SECONDS"], settings["JOBS_THREADS"])
    if settings["JOBS_BACKEND"] == "celery":  # with a broker URL: resolve_settings checks it
        # Celery is an optional extra: imported only when chosen.
        from gaugeboard.jobs.celery_backend import CeleryDispatch, make_celery

        runner.celery = make_celery(env, settings["JOBS_BROKER_URL"])
        runner.dispatch = CeleryDispatch(runner.celery)
    return runner
