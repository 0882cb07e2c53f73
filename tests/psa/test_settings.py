"""PSA configuration: one line naming what to set; secrets never in repr."""

import pytest

from bot.config import ConfigError
from bot.config.psa import PSASettings
from bot.psa.factory import build_psa_client

CW = {
    "PSA_KIND": "connectwise",
    "CW_SITE": "api-na.myconnectwise.net",
    "CW_COMPANY": "acme",
    "CW_PUBLIC_KEY": "pub",
    "CW_PRIVATE_KEY": "priv-secret",
    "CW_CLIENT_ID": "cid",
}


def test_no_psa_by_default_builds_no_client():
    settings = PSASettings.from_env({})
    assert settings.kind == "none"
    assert build_psa_client(settings, http=None) is None


def test_an_unknown_kind_is_named():
    with pytest.raises(ConfigError, match="PSA_KIND must be connectwise, autotask, halo or none, got 'kaseya'"):
        PSASettings.from_env({"PSA_KIND": "kaseya"})


@pytest.mark.parametrize("missing", ["CW_COMPANY", "CW_PUBLIC_KEY", "CW_PRIVATE_KEY", "CW_CLIENT_ID", "CW_SITE"])
def test_each_missing_connectwise_variable_is_named(missing):
    env = {k: v for k, v in CW.items() if k != missing}
    with pytest.raises(ConfigError, match=f"PSA_KIND=connectwise needs {missing}"):
        PSASettings.from_env(env)


def test_connectwise_urls_come_from_site_and_codebase_and_secrets_stay_out_of_repr():
    settings = PSASettings.from_env({**CW, "CW_CODEBASE": "v2025_1/", "CW_RESOLVED_STATUS": "Completed"})
    assert settings.connectwise.api_url == "https://api-na.myconnectwise.net/v2025_1/apis/3.0"
    assert settings.connectwise.web_url == "https://na.myconnectwise.net/v2025_1/"
    assert settings.status_on_resolve == "Completed"
    assert "priv-secret" not in repr(settings)


def test_autotask_and_halo_check_numbers_and_urls():
    at = {"PSA_KIND": "autotask", "AT_USERNAME": "u", "AT_SECRET": "s", "AT_INTEGRATION_CODE": "c"}
    assert PSASettings.from_env(at).autotask.note_type == 1
    with pytest.raises(ConfigError, match="AT_NOTE_TYPE must be a whole number, got 'task'"):
        PSASettings.from_env({**at, "AT_NOTE_TYPE": "task"})
    with pytest.raises(ConfigError, match="PSA_STATUS_ON_RESOLVE must be an Autotask ticket status number"):
        PSASettings.from_env({**at, "PSA_STATUS_ON_RESOLVE": "Complete"})
    with pytest.raises(ConfigError, match="PSA_KIND=halo needs HALO_BASE_URL, HALO_CLIENT_SECRET"):
        PSASettings.from_env({"PSA_KIND": "halo", "HALO_CLIENT_ID": "x"})
    with pytest.raises(ConfigError, match="HALO_BASE_URL must be an http"):
        PSASettings.from_env(
            {"PSA_KIND": "halo", "HALO_BASE_URL": "acme.halopsa.com", "HALO_CLIENT_ID": "x", "HALO_CLIENT_SECRET": "y"}
        )
    with pytest.raises(ConfigError, match="PSA_TIMEOUT_SECONDS must be a number"):
        PSASettings.from_env({"PSA_TIMEOUT_SECONDS": "soon"})


@pytest.mark.parametrize(
    "env, kind",
    [
        (CW, "connectwise"),
        ({"PSA_KIND": "autotask", "AT_USERNAME": "u", "AT_SECRET": "s", "AT_INTEGRATION_CODE": "c"}, "autotask"),
        (
            {
                "PSA_KIND": "halo",
                "HALO_BASE_URL": "https://a.halopsa.com",
                "HALO_CLIENT_ID": "i",
                "HALO_CLIENT_SECRET": "s",
            },
            "halo",
        ),
    ],
)
def test_the_factory_builds_the_configured_vendor(env, kind):
    assert build_psa_client(PSASettings.from_env(env), http=None).kind == kind
