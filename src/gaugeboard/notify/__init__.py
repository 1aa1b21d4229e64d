"""Notification channels shared by alerts and reports: email through SMTP, and webhooks
(JSON, optionally signed, or a Slack-compatible incoming-webhook body).

The public face is ``Notifier.send(targets, subject, text, attachments)``: each target (a
user, a team, a plain address, a webhook) becomes one delivery per recipient, recorded in
the catalog with its result; failed deliveries are tried again by the ``notify.retry``
job. ``targets.parse_targets`` checks a list of targets as a service saves them.
"""
