"""``python -m gaugeboard`` is the ``gaugeboard`` command."""

from gaugeboard.cli import main

main()
