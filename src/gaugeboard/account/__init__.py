"""The account as ClicData's API describes it: usage against limits (users, dashboards,
data sets, rows, events, storage, requests this month), and activity over a period per
user and per dashboard. It reads every engine and changes none."""
