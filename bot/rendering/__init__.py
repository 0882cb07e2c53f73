"""Block Kit rendering: view models in, ``slack_sdk.models`` blocks and views out (which validate Slack's limits)."""
