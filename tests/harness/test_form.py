"""The harness's form encoder gives exactly the bytes ``urllib.parse.urlencode`` gives (Slack's bodies)."""

import json
from urllib.parse import parse_qsl, urlencode

from hypothesis import given
from hypothesis import strategies as st

from tests.harness.form import form_encode, quote_plus


@given(st.text())
def test_quote_plus_matches_urllib_on_any_text(value):
    from urllib.parse import quote_plus as urllib_quote_plus

    assert quote_plus(value) == urllib_quote_plus(value)


@given(st.dictionaries(st.text(min_size=1), st.text(), max_size=4))
def test_form_encode_matches_urlencode_and_reads_back(fields):
    encoded = form_encode(fields)
    assert encoded == urlencode(fields)
    assert dict(parse_qsl(encoded, keep_blank_values=True)) == fields


def test_a_click_payload_with_emoji_quotes_and_non_ascii_round_trips():
    payload = json.dumps({"text": 'Café ☕ — "quoted" & 100% <ok>\n', "blocks": [{"value": "a|1|b c"}]})
    assert form_encode({"payload": payload}) == urlencode({"payload": payload})
    assert dict(parse_qsl(form_encode({"payload": payload})))["payload"] == payload
