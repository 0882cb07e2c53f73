"""The manifest asks for exactly the scopes the OAuth install requests, redirects where walkbot listens, and
subscribes to the uninstall events."""

from pathlib import Path

import yaml

from bot.install.oauth import BOT_SCOPES, REDIRECT_PATH

MANIFEST = yaml.safe_load((Path(__file__).resolve().parents[2] / "slack-manifest.yml").read_text())


def test_the_install_requests_the_scopes_the_manifest_lists():
    assert sorted(MANIFEST["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)


def test_the_manifest_redirects_to_the_oauth_redirect_path():
    [redirect] = MANIFEST["oauth_config"]["redirect_urls"]
    assert redirect.endswith(REDIRECT_PATH)


def test_uninstall_and_revocation_events_are_subscribed():
    assert {"app_uninstalled", "tokens_revoked"} <= set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])


def test_channel_sharing_events_are_subscribed():
    assert {"channel_shared", "channel_unshared"} <= set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
