"""walkbot's form decoding gives Bolt exactly what Bolt's own would: urllib's ``parse_qsl`` and Bolt's request."""

from __future__ import annotations

import itertools
import json
from urllib.parse import parse_qsl, quote, urlencode

from hypothesis import given, settings
from hypothesis import strategies as st
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.request.internals import parse_body as bolt_parse_body

from bot.slack_requests import FormDecodedBoltRequest, parse_body, parse_form, unquote_plus

FORM = "application/x-www-form-urlencoded"

# What a form body is made of, odd parts weighted up: escapes valid and not, either case, '+' and '%2B', '%'
# at the end, separators, backslashes (the decoder's own escape character), UTF-8 cut short, non-ASCII text.
PIECES = st.sampled_from(
    [
        "%",
        "%2",
        "%2B",
        "%2b",
        "+",
        "%20",
        "%25",
        "%2525",
        "%%",
        "%G1",
        "%1G",
        "%zz",
        "%C3",
        "%A9",
        "%C3%A9",
        "%E2%82",
        "%E2%82%AC",
        "%F0%9F%98%80",
        "%FF",
        "%80",
        "%ED%A0%80",  # an encoded surrogate: not UTF-8
        "%00",
        "%5C",
        "%5Cx41",
        "\\",
        "\\x41",
        "\\u00e9",
        "\\N{DASH}",
        "=",
        "&",
        "&&",
        ";",
        "payload",
        "é",
        "€",
        "😀",
        "\x80",
        "\x00",
        "\n",
        "%0A",
        "a",
        "Z",
        "7",
        "f",
        "x",
    ]
)
ODD_FORMS = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=24).map("".join)


@settings(max_examples=400, deadline=None)
@given(ODD_FORMS)
def test_any_form_body_parses_as_urllib_parses_it(body):
    assert parse_form(body) == parse_qsl(body, keep_blank_values=True)


def test_every_short_string_of_the_odd_characters_parses_as_urllib_parses_it():
    odd = "%2Bbg+\\x=&é"
    for length in range(1, 5):
        for chars in itertools.product(odd, repeat=length):
            body = "".join(chars)
            assert parse_form(body) == parse_qsl(body, keep_blank_values=True), body


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40))
def test_every_byte_escaped_decodes_as_urllib_decodes_it(raw):
    for escaped in (quote(raw), "".join(f"%{byte:02x}" for byte in raw), "".join(f"%{byte:02X}" for byte in raw)):
        assert parse_form(f"v={escaped}") == parse_qsl(f"v={escaped}", keep_blank_values=True)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_text_urlencoded_by_slack_comes_back_unchanged(value):
    body = urlencode({"payload": value})
    assert parse_form(body) == parse_qsl(body, keep_blank_values=True) == [("payload", value)]


def test_a_plus_is_a_space_and_an_escaped_plus_a_plus():
    assert unquote_plus("a+b%2Bc%2bd") == "a b+c+d"


def test_a_percent_that_starts_no_escape_stays():
    assert unquote_plus("100%") == "100%"
    assert unquote_plus("%zz%41") == "%zzA"


def test_bytes_that_are_not_utf8_become_replacement_characters():
    assert unquote_plus("%C3%28") == "\ufffd("


def card_click_body() -> str:
    payload = {
        "type": "block_actions",
        "team": {"id": "T1", "domain": "d"},
        "user": {"id": "U1", "team_id": "T1"},
        "container": {"type": "message", "message_ts": "1.2", "channel_id": "C1"},
        "channel": {"id": "C1"},
        "response_url": "https://hooks.slack.com/actions/T1/1/x",
        "message": {"text": "Printer \u00b7 step 2 \u2014 \"Use Printer Offline\" & more\\n", "blocks": []},
        "actions": [{"action_id": "walk_continue", "block_id": "node_0", "value": "a|5|+"}],
    }
    return urlencode({"payload": json.dumps(payload)})


def test_a_click_parses_as_bolt_parses_it():
    body = card_click_body()
    assert parse_body(body, FORM) == bolt_parse_body(body, FORM)


def test_json_commands_and_empty_bodies_parse_as_bolt_parses_them():
    for body, content_type in (
        ('{"type": "url_verification", "challenge": "c"}', "application/json"),
        ("command=%2Fwalk&text=123+printer&team_id=T1&user_id=U1", FORM),
        ("text=my+payload", FORM),
        ("payload=%7B%7D", FORM),
        ("", FORM),
    ):
        assert parse_body(body, content_type) == bolt_parse_body(body, content_type)


def test_the_request_is_bolts_request_with_the_raw_body_kept_for_the_signature():
    body = card_click_body()
    headers = {"Content-Type": FORM, "X-Slack-Signature": "v0=abc", "X-Slack-Request-Timestamp": "1"}
    ours = FormDecodedBoltRequest(body=body, query="a=1", headers=headers)
    bolts = AsyncBoltRequest(body=body, query="a=1", headers=headers)
    assert isinstance(ours, AsyncBoltRequest)
    assert ours.raw_body == bolts.raw_body == body
    assert ours.body == bolts.body
    assert dict(ours.context) == dict(bolts.context)
    assert (ours.query, ours.headers, ours.content_type, ours.mode) == (
        bolts.query,
        bolts.headers,
        bolts.content_type,
        bolts.mode,
    )
    assert (ours.lazy_only, ours.lazy_function_name) == (bolts.lazy_only, bolts.lazy_function_name)
