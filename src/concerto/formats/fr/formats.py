# French dates as the State writes them: "18 avril 2026 à 14h30".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"j F Y à H\hi"
TIME_FORMAT = r"H\hi"
