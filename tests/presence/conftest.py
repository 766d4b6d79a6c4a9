from tests.crisis.conftest import fake_twilio, post_twilio, settings  # noqa: F401  (shared fixtures)
