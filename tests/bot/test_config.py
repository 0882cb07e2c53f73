"""Configuration errors name the variable in one line."""

import pytest

from bot.config import ConfigError, Settings
from storage.secret_box import new_key


def test_defaults_use_the_embedded_database_in_the_local_data_folder():
    settings = Settings.from_env({})
    assert settings.database_url is None
    assert str(settings.pgdata_dir) == ".walkbot/pgdata"


@pytest.mark.parametrize(
    "env, variable",
    [
        ({"PORT": "http"}, "PORT"),
        ({"PORT": "0"}, "PORT"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"WALKBOT_IDLE_ABANDON_MINUTES": "soon"}, "WALKBOT_IDLE_ABANDON_MINUTES"),
        ({"WALKBOT_LOG_LEVEL": "LOUD"}, "WALKBOT_LOG_LEVEL"),
        ({"WALKBOT_DATADIR": "/tmp"}, "WALKBOT_DATADIR"),
        ({"SLACK_API_URL": "localhost:3000"}, "SLACK_API_URL"),
        # PSA and Claude settings are read with the rest, so a bad one stops start-up too.
        ({"PSA_KIND": "connectwise", "CW_COMPANY": "acme"}, "CW_PUBLIC_KEY"),
        ({"PSA_TIMEOUT_SECONDS": "soon"}, "PSA_TIMEOUT_SECONDS"),
        ({"ANTHROPIC_BASE_URL": "api.anthropic.com"}, "ANTHROPIC_BASE_URL"),
        ({"WALKBOT_AI_MAX_DEPTH": "deep"}, "WALKBOT_AI_MAX_DEPTH"),
    ],
)
def test_malformed_or_unknown_values_name_the_variable(env, variable):
    with pytest.raises(ConfigError) as info:
        Settings.from_env(env)
    assert variable in str(info.value)
    assert "\n" not in str(info.value)


def test_serving_without_slack_credentials_names_both():
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"):
        Settings.from_env({}).slack.require_http()


def test_slack_api_url_gets_the_trailing_slash_slack_sdk_needs():
    assert Settings.from_env({"SLACK_API_URL": "http://127.0.0.1:9/api"}).slack.api_url == "http://127.0.0.1:9/api/"


def test_psa_and_claude_settings_are_part_of_the_one_settings_object():
    settings = Settings.from_env(
        {
            "PSA_KIND": "halo",
            "HALO_BASE_URL": "https://acme.halopsa.com",
            "HALO_CLIENT_ID": "id",
            "HALO_CLIENT_SECRET": "s",
            "PSA_STATUS_ON_RESOLVE": "9",
            "ANTHROPIC_API_KEY": "sk-ant-x",
            "WALKBOT_AI_MAX_DEPTH": "5",
        }
    )
    assert (settings.psa.kind, settings.psa.status_on_resolve, settings.psa.halo.client_id) == ("halo", "9", "id")
    assert (settings.claude.api_key, settings.claude.max_depth) == ("sk-ant-x", 5)
    assert "sk-ant-x" not in repr(settings) and "'s'" not in repr(settings)


def test_the_oauth_install_is_on_only_with_client_id_secret_and_a_secret_key():
    key = new_key()
    both = {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "WALKBOT_SECRET_KEY": key}

    assert Settings.from_env(both).slack.oauth_enabled
    assert not Settings.from_env({"WALKBOT_SECRET_KEY": key, "SLACK_BOT_TOKEN": "xoxb-1"}).slack.oauth_enabled
    with pytest.raises(ConfigError, match="^SLACK_CLIENT_SECRET is missing"):
        Settings.from_env({"SLACK_CLIENT_ID": "1.2", "WALKBOT_SECRET_KEY": key})
    with pytest.raises(ConfigError, match="^SLACK_CLIENT_ID is missing"):
        Settings.from_env({"SLACK_CLIENT_SECRET": "s", "WALKBOT_SECRET_KEY": key})
    with pytest.raises(ConfigError, match="^WALKBOT_SECRET_KEY is missing"):
        Settings.from_env({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"})
    with pytest.raises(ConfigError, match="^missing SLACK_SIGNING_SECRET:"):
        Settings.from_env(both).slack.require_http()
