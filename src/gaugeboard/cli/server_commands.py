"""``gaugeboard serve`` and ``gaugeboard demo``: the server, with or without demo data; and
``gaugeboard worker``: a process that does the background jobs instead of the servers."""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from typing import Any

import click
from flask import Flask

from gaugeboard import __version__
from gaugeboard.cli.common import app_state, build_app, fail_cleanly


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8050, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
def serve(host: str, port: int, workers: int) -> None:
    """Run the server (gunicorn); the catalog is migrated first."""
    from gaugeboard.server import serve as run_server

    app = build_app()
    prepare_chart_bundle(app)
    click.echo(f"gaugeboard {__version__} listening on http://{host}:{port}/", err=True)
    run_server(app, host, port, workers)


def _in_child(work: Callable[[], dict[str, str]]) -> dict[str, str]:
    """``work()`` run in a forked child, its answer sent back. Seeding writes the demo's
    data set with Delta Lake, whose runtime a process forked after it cannot use (it
    panics), and the server forks its workers from this process: so it seeds in a child
    and this process never starts that runtime."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)

    def child() -> None:
        try:
            sending.send(("ok", work()))
        except click.ClickException as exc:
            sending.send(("error", exc.message))
        except BaseException:
            traceback.print_exc()
            sending.send(("error", "seeding the demo failed (the error is above)"))

    process = context.Process(target=child, name="gaugeboard-demo-seed")
    process.start()
    sending.close()
    try:
        outcome, value = receiving.recv()
    except EOFError:
        outcome, value = "error", "seeding the demo stopped without an answer"
    process.join()
    if outcome != "ok":
        raise click.ClickException(str(value))
    return dict(value)


def prepare_chart_bundle(app: Flask) -> None:
    """Build the Vega bundle and its compressed copies before listening, once per version
    (about 2 s), in a child process: vl-convert's runtime must not start in the process
    that forks the workers."""
    from gaugeboard.web.vega_bundle import bundle_ready, prepare_bundle

    cache_dir = app_state(app).data_dir / "cache"
    if bundle_ready(cache_dir):
        return
    click.echo("Preparing the chart library (once per version)...", err=True)
    _in_child(lambda: {"bundle": str(prepare_bundle(cache_dir))})


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8050, show_default=True, type=click.IntRange(1, 65535))
def demo(host: str, port: int) -> None:
    """Seed a demo instance (admin user, sample dashboards) and serve it."""
    from gaugeboard.demo import DEMO_ADMIN, DemoFolders, register_demo_data, run_seed
    from gaugeboard.server import serve as run_server

    app = build_app()
    register_demo_data(app)  # the JSON the url-fed demo dashboard reads, in-process
    state = app_state(app)

    def progress(steps: list[Any]) -> Any:
        return click.progressbar(steps, label="Seeding demo data", item_show_func=_step_label)

    folders = DemoFolders(state.data_dir, state.segments_dir)

    def seed() -> dict[str, str]:
        try:
            with state.database.sessions() as session:
                return fail_cleanly(
                    lambda: run_seed(session, progress, state.datasets, state.notebooks, folders)
                )
        finally:
            state.database.dispose()

    state.database.dispose()
    printed = _in_child(seed)
    prepare_chart_bundle(app)
    url = f"http://{host}:{port}/"
    click.echo("")
    click.echo(f"gaugeboard demo: open {url}")
    click.echo(f"  user:     {DEMO_ADMIN}")
    click.echo(f"  password: {printed['admin user']}")
    if "demo events" in printed:
        click.echo(f"  event key (for /e, shown once): {printed['demo events']}")
    click.echo(f"  data:     {state.data_dir}")
    click.echo("Press Ctrl+C to stop.")
    run_server(app, host, port, workers=1)


@click.command()
@click.option(
    "--threads",
    type=click.IntRange(1, 256),
    default=None,
    help="Runs at once in this worker (default: JOBS_THREADS).",
)
def worker(threads: int | None) -> None:
    """Run background jobs in this process until SIGTERM or Ctrl+C (then wait for the runs
    under way). JOBS_BACKEND=thread: a thread pool; celery: a Celery worker on the
    gaugeboard queue. Both also queue due schedules, so no web server is needed."""
    from gaugeboard.jobs.worker import run_worker

    state = app_state(build_app())
    runner = state.jobs
    assert runner is not None
    backend = state.settings["JOBS_BACKEND"]
    click.echo(f"gaugeboard {__version__} worker ({backend} backend)", err=True)
    try:
        status = run_worker(runner, threads)
    finally:
        state.database.dispose()
    if status:
        raise SystemExit(status)


def _step_label(step: Any) -> str | None:
    return str(step[0]) if step else None
