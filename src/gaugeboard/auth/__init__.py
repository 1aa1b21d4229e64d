"""Users, passwords, login sessions, API tokens, roles and the per-route access rules."""
