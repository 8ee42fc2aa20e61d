"""The instant at which tests load and look at the demo: a weekday morning in Paris."""

import datetime
from zoneinfo import ZoneInfo

DEMO_NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
# The demo consultation ends about five months after its launch.
AFTER_DEMO_END = DEMO_NOW + datetime.timedelta(days=200)
