"""HTML from a PSA reads as plain lines: styles and scripts dropped, blocks and <br> on their own lines."""

from bot.psa.html_text import html_to_text, text_to_html

OUTLOOK = """<html><head><style>p.MsoNormal {margin:0cm; font-size:11pt;}</style></head>
<body><p class="MsoNormal">Hi team,</p><p class="MsoNormal">The printer on floor 2<br>shows &quot;offline&quot;.</p>
<script>alert(1)</script><ul><li>since Monday</li><li>all users</li></ul><div>Thanks,<br/>Dana</div></body></html>"""


def test_an_outlook_email_reads_as_lines_without_its_css():
    assert html_to_text(OUTLOOK) == (
        'Hi team,\nThe printer on floor 2\nshows "offline".\n• since Monday\n• all users\nThanks,\nDana'
    )


def test_plain_text_is_left_as_it_came():
    assert html_to_text("Line one\n\n\nLine two: 3 < 4 and 5 > 2") == "Line one\n\nLine two: 3 < 4 and 5 > 2"


def test_nothing_readable_is_none():
    assert html_to_text("<style>p {}</style>") is None and html_to_text("  ") is None and html_to_text(None) is None


def test_a_note_becomes_escaped_paragraphs_with_line_breaks():
    assert text_to_html("a & b\nc\n\nd") == "<p>a &amp; b<br>c</p><p>d</p>"
