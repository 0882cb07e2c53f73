"""PSA configuration from the environment: which PSA (``PSA_KIND``) and that vendor's credentials.

Only the chosen vendor's variables are read and checked, so an operator sees exactly the
one line that names what to set. Secrets are kept out of ``repr`` so they never reach a log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.config.values import ConfigError

KINDS = ("connectwise", "autotask", "halo", "none")


@dataclass(frozen=True)
class ConnectWiseSettings:
    company: str
    public_key: str = field(repr=False)
    private_key: str = field(repr=False)
    client_id: str
    api_url: str  # https://{site}/{codebase}/apis/3.0, or CW_BASE_URL
    web_url: str  # https://{site}/{codebase}/ for ticket links


@dataclass(frozen=True)
class AutotaskSettings:
    username: str
    secret: str = field(repr=False)
    integration_code: str = field(repr=False)
    base_url: str  # where zone discovery is asked; the zone's own URL comes back from it
    note_type: int


@dataclass(frozen=True)
class HaloSettings:
    base_url: str  # https://acme.halopsa.com (the API is {base}/api)
    auth_url: str  # {base}/auth unless HALO_AUTH_URL says otherwise
    tenant: str | None  # hosted tenants name themselves on the token request
    client_id: str
    client_secret: str = field(repr=False)
    outcome: str


@dataclass(frozen=True)
class PSASettings:
    kind: str = "none"
    timeout_seconds: float = 10.0
    # Status set on the ticket when a walk resolves it (name for ConnectWise, number for Autotask/Halo).
    status_on_resolve: str | None = None
    connectwise: ConnectWiseSettings | None = None
    autotask: AutotaskSettings | None = None
    halo: HaloSettings | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> PSASettings:
        kind = (env.get("PSA_KIND") or "none").strip().lower()
        if kind not in KINDS:
            raise ConfigError(f"PSA_KIND must be connectwise, autotask, halo or none, got {kind!r}")
        timeout = _number(env, "PSA_TIMEOUT_SECONDS", 10.0)
        status = _get(env, "PSA_STATUS_ON_RESOLVE")
        if kind == "connectwise":
            return cls(kind, timeout, _get(env, "CW_RESOLVED_STATUS") or status, connectwise=_connectwise(env))
        if kind == "autotask":
            _status_number(status, "PSA_STATUS_ON_RESOLVE", "an Autotask ticket status number, e.g. 5")
            return cls(kind, timeout, status, autotask=_autotask(env))
        if kind == "halo":
            _status_number(status, "PSA_STATUS_ON_RESOLVE", "a HaloPSA status id, e.g. 9")
            return cls(kind, timeout, status, halo=_halo(env))
        return cls("none", timeout, None)


def _connectwise(env: Mapping[str, str]) -> ConnectWiseSettings:
    base_url = _url(env, "CW_BASE_URL")
    site = _get(env, "CW_SITE")
    _require(
        env,
        "connectwise",
        ["CW_COMPANY", "CW_PUBLIC_KEY", "CW_PRIVATE_KEY", "CW_CLIENT_ID"] + ([] if base_url else ["CW_SITE"]),
    )
    codebase = (_get(env, "CW_CODEBASE") or "v4_6_release").strip("/")
    if site:
        site = site.removeprefix("https://").removeprefix("http://").strip("/")
        api_url = base_url or f"https://{site}/{codebase}/apis/3.0"
        # The API host is api-{region}.myconnectwise.net; people open tickets on {region}.myconnectwise.net.
        web_url = f"https://{site.removeprefix('api-')}/{codebase}/"
    else:
        api_url = base_url
        web_url = base_url.split("/apis/")[0].rstrip("/") + "/"
    return ConnectWiseSettings(
        company=env["CW_COMPANY"].strip(),
        public_key=env["CW_PUBLIC_KEY"].strip(),
        private_key=env["CW_PRIVATE_KEY"].strip(),
        client_id=env["CW_CLIENT_ID"].strip(),
        api_url=api_url.rstrip("/"),
        web_url=web_url,
    )


def _autotask(env: Mapping[str, str]) -> AutotaskSettings:
    _require(env, "autotask", ["AT_USERNAME", "AT_SECRET", "AT_INTEGRATION_CODE"])
    return AutotaskSettings(
        username=env["AT_USERNAME"].strip(),
        secret=env["AT_SECRET"].strip(),
        integration_code=env["AT_INTEGRATION_CODE"].strip(),
        base_url=(_url(env, "AT_BASE_URL") or "https://webservices.autotask.net").rstrip("/"),
        note_type=int(_number(env, "AT_NOTE_TYPE", 1, whole=True)),
    )


def _halo(env: Mapping[str, str]) -> HaloSettings:
    _require(env, "halo", ["HALO_BASE_URL", "HALO_CLIENT_ID", "HALO_CLIENT_SECRET"])
    base_url = _url(env, "HALO_BASE_URL").rstrip("/")
    return HaloSettings(
        base_url=base_url,
        auth_url=(_url(env, "HALO_AUTH_URL") or f"{base_url}/auth").rstrip("/"),
        tenant=_get(env, "HALO_TENANT"),
        client_id=env["HALO_CLIENT_ID"].strip(),
        client_secret=env["HALO_CLIENT_SECRET"].strip(),
        outcome=_get(env, "HALO_OUTCOME") or "Private Note",
    )


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = (env.get(name) or "").strip()
    return value or None


def _require(env: Mapping[str, str], kind: str, names: list[str]) -> None:
    missing = [name for name in names if not _get(env, name)]
    if missing:
        raise ConfigError(f"PSA_KIND={kind} needs {', '.join(missing)} (see README: Configuration)")


def _url(env: Mapping[str, str], name: str) -> str:
    value = _get(env, name)
    if value and not value.startswith(("http://", "https://")):
        raise ConfigError(f"{name} must be an http(s):// URL, got {value!r}")
    return value or ""


def _number(env: Mapping[str, str], name: str, default: float, *, whole: bool = False) -> float:
    raw = _get(env, name)
    if raw is None:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise ConfigError(f"{name} must be {kind}, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be more than 0, got {raw!r}")
    return value


def _status_number(value: str | None, name: str, what: str) -> None:
    if value is not None and not value.isdigit():
        raise ConfigError(f"{name} must be {what}, got {value!r}")
