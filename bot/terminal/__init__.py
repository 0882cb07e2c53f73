"""The terminal walk (``walkbot try``): the same engine and database as Slack, drawn as text and answered by typing."""
