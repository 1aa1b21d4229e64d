"""The ``gaugeboard`` command: one click group assembled from the subcommand modules.

Arrows point one way: this module imports the subcommand modules, they import
``cli.common`` and the engines below, and nothing imports this module but ``__main__`` and
the ``gaugeboard`` console script.
"""

from __future__ import annotations

import click

from gaugeboard import __version__
from gaugeboard.cli.admin_commands import (
    db,
    events,
    keys,
    oauth_clients,
    settings_command,
    tokens,
    users,
)
from gaugeboard.cli.dashboard_commands import dashboards_group, validate_command
from gaugeboard.cli.server_commands import demo, serve, worker


@click.group()
@click.version_option(__version__, "--version", prog_name="gaugeboard")
def main() -> None:
    """gaugeboard: self-hosted analytics and dashboards for Python web applications."""


for _command in (
    serve,
    demo,
    worker,
    db,
    users,
    tokens,
    oauth_clients,
    keys,
    events,
    settings_command,
    validate_command,
    dashboards_group,
):
    main.add_command(_command)
