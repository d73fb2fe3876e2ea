"""Text in a CSV or spreadsheet download that a spreadsheet program would run as a formula.

An idea titled `=HYPERLINK("http://evil.example", "Click")` opened from the open data or the
dashboard in a spreadsheet becomes a live link, or worse (CSV injection). Text that starts with a
character a spreadsheet reads as a formula (`=`, `+`, `-`, `@`) or with a tab or carriage return
(which some programs strip before looking) gets a leading `'`, which spreadsheets show as text and
hide. Only text is touched: numbers (a negative KPI outcome) stay numbers.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
