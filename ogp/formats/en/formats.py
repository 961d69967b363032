"""English dates as the site writes them ("2 December 2026"), where Django's default English
is American ("Dec. 2, 2026"). Spanish and French keep Django's own formats ("2 de diciembre de
2026", "2 décembre 2026"); pages name the format (`|date:"DATE_FORMAT"`), never its letters.
Files and the API keep ISO 8601 dates and plain numbers in every language."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
