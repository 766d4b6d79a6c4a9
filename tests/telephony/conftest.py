from tests.crisis.conftest import fake_twilio, on_call, post_twilio, settings  # noqa: F401  (shared fixtures)
from tests.telephony.test_inbound import on_shift  # noqa: F401  (shared with the queue tests)
