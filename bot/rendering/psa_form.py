"""The PSA credentials page: one small HTML form, no script, no outside resources, every value escaped.

Saved credentials are never written into the page: their fields are empty password inputs whose hint says
a value is set and that leaving it empty keeps it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

FIELD_LABELS = {
    "CW_SITE": "API host (e.g. api-na.myconnectwise.net)",
    "CW_CODEBASE": "Codebase (default v4_6_release)",
    "CW_COMPANY": "Company id",
    "CW_CLIENT_ID": "Developer clientId",
    "CW_BASE_URL": "Whole API base URL (instead of host + codebase)",
    "CW_RESOLVED_STATUS": "Status name on resolve",
    "CW_PUBLIC_KEY": "API member public key",
    "CW_PRIVATE_KEY": "API member private key",
    "AT_USERNAME": "API user name",
    "AT_BASE_URL": "Zone discovery URL (default webservices.autotask.net)",
    "AT_NOTE_TYPE": "TicketNotes noteType",
    "AT_NOTE_PUBLISH": "TicketNotes publish",
    "AT_SECRET": "API user secret",
    "AT_INTEGRATION_CODE": "Tracking identifier (integration code)",
    "HALO_BASE_URL": "Instance URL (e.g. https://acme.halopsa.com)",
    "HALO_AUTH_URL": "Authorisation server (default {instance}/auth)",
    "HALO_TENANT": "Tenant (hosted HaloPSA)",
    "HALO_CLIENT_ID": "API application client id",
    "HALO_OUTCOME": "Outcome of walkbot's notes (default Private Note)",
    "HALO_CLIENT_SECRET": "API application client secret",
    "PSA_STATUS_ON_RESOLVE": "Status set when a walk resolves a ticket",
}

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "fieldset{margin:1rem 0;border:1px solid #ccc}label{display:block;margin:.5rem 0 .1rem}"
    "input,select{width:100%;padding:.3rem;box-sizing:border-box}.error{color:#a00}.ok{color:#070}"
    "small{color:#666}"
)


def psa_form_html(
    *,
    token: str,
    workspace: str,
    kind: str,
    kinds: Mapping[str, str],
    settings_of: Mapping[str, Sequence[str]],
    secrets_of: Mapping[str, Sequence[str]],
    values: Mapping[str, str],
    saved_secrets: Sequence[str],
    error: str | None = None,
) -> str:
    options = "".join(
        f'<option value="{escape(k)}"{" selected" if k == kind else ""}>{escape(label)}</option>'
        for k, label in kinds.items()
    )
    groups = []
    for vendor, names in settings_of.items():
        if vendor == "none":
            continue
        fields = [
            f'<label for="{n}">{escape(FIELD_LABELS.get(n, n))}</label>'
            f'<input id="{n}" name="{n}" value="{escape(values.get(n, "") if vendor == kind else "")}">'
            for n in (*names, "PSA_STATUS_ON_RESOLVE")
        ]
        for n in secrets_of.get(vendor, ()):
            saved = vendor == kind and n in saved_secrets
            hint = "set; leave empty to keep it, type to replace it" if saved else "not set"
            fields.append(
                f'<label for="{n}">{escape(FIELD_LABELS.get(n, n))} <small>({hint})</small></label>'
                f'<input id="{n}" name="{n}" type="password" autocomplete="off">'
            )
        groups.append(
            f'<fieldset data-vendor="{vendor}"><legend>{escape(kinds[vendor])}</legend>{"".join(fields)}</fieldset>'
        )
    problem = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    return page(
        f"<h1>PSA connection for {escape(workspace)}</h1>{problem}"
        '<form method="post">'
        f'<input type="hidden" name="t" value="{escape(token)}">'
        f'<label for="kind">PSA</label><select id="kind" name="kind">{options}</select>'
        "<p><small>Only the fields of the PSA chosen above are read.</small></p>"
        f'{"".join(groups)}<p><button type="submit">Save</button></p></form>'
    )


def message_html(title: str, text: str, *, ok: bool) -> str:
    return page(f'<h1>{escape(title)}</h1><p class="{"ok" if ok else "error"}" role="status">{escape(text)}</p>')


def page(body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">'
        f"<title>walkbot · PSA connection</title><style>{STYLE}</style></head><body>{body}</body></html>"
    )
