"""PSA integration: one small client protocol, one aiohttp client per vendor, chosen by ``PSA_KIND``."""
