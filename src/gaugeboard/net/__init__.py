"""Outgoing requests made by the server, kept away from private networks by default."""
