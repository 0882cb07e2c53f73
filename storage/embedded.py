"""Embedded PostgreSQL for a machine with nothing installed (no ``DATABASE_URL``).

The ``pgserver`` package ships PostgreSQL binaries in its wheel and keeps the server
running across processes that share the data folder, so ``walkbot migrate`` and
``walkbot serve`` in two terminals use one server.
"""

import warnings
from pathlib import Path


def start_embedded_postgres(data_dir: Path) -> str:
    """Start (or attach to) the server in ``data_dir`` and return its URL."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); harmless here.
        warnings.simplefilter("ignore")
        import pgserver  # imported lazily: only this path needs it

    data_dir.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None keeps the server up after this process exits, so the next
    # command reuses it instead of paying for a restart. pgserver gives pg_ctl ten
    # seconds; a first start on a busy two-core machine can need longer, so try twice.
    for attempt in (1, 2):
        try:
            server = pgserver.get_server(str(data_dir.resolve()), cleanup_mode=None)
            return server.get_uri()
        except Exception:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
