# Day-month order, 24-hour clock: "18 April 2026, 14:30" (the site's English is for
# international readers of a French consultation).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
