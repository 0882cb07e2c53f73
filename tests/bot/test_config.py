"""Configuration errors name the variable in one line."""

import pytest

from bot.config import ConfigError, Settings


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
