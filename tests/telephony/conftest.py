from tests.crisis.conftest import fake_twilio, on_call, post_twilio, settings  # noqa: F401  (shared fixtures)
