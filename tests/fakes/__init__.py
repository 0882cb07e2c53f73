"""Local fake servers that speak the real HTTP protocols of the services walkbot talks to."""
