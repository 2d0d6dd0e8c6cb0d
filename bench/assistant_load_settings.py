"""Settings of the server that bench/assistant_load.py starts: the test settings on a file database, with
the assistant's throttles opened up (the load comes from one address) and debug off."""

from tests.settings import *  # noqa: F401,F403
from tests.settings import MARKETING_AI

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
MARKETING_AI = {**MARKETING_AI, "THROTTLE_RATES": {"assistant": "1000000/min", "assistant_ip": "1000000/min"}}
