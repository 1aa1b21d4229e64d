"""Alerts: one number watched on a schedule (a metric over a window, a funnel's
conversion, a data-set aggregate, a status route's error rate or p95), a condition on it,
and Grafana-like states (ok, pending, alerting, no_data) whose changes notify through
``notify``. ``service`` saves and reads alerts for a caller; ``evaluation`` evaluates many
at once, sharing identical queries; ``states`` decides each transition; ``jobs`` registers
``alerts.evaluate`` and ``notify.retry`` with the jobs runner."""
