"""The imperative shell around the walk engine: each module is one thing a user does in Slack or the terminal."""
