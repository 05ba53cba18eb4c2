"""A placeholder of a Word template is filled even when Word split it over several runs."""

import docx

from thaogo.exports.docx import _replace_in_paragraph


def test_a_placeholder_split_over_runs_is_still_filled():
    word = docx.Document()
    paragraph = word.add_paragraph()
    for piece in ("Số {", "{num", "ber}} ngày {{place", "_date}}!"):
        paragraph.add_run(piece)
    paragraph.runs[1].bold = True
    _replace_in_paragraph(paragraph, {"number": "12-TB/QU", "place_date": "15/10"})
    assert paragraph.text == "Số 12-TB/QU ngày 15/10!"
    assert paragraph.runs[0].text == "Số 12-TB/QU"  # the first run's formatting carries it
