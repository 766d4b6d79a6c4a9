"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from hotline import checkpointer, collector, jobs, log_redaction, policies
from hotline.access import permissions
from hotline.auth import api as auth_api
from hotline.auth.throttle import LoginThrottle
from hotline.callers import api as callers_api
from hotline.callers import rights_api as caller_rights_api
from hotline.centres import api as centres_api
from hotline.centres import service as centres_service
from hotline.config import Settings, get_settings
from hotline.contacts import api as contacts_api
from hotline.crisis import api as crisis_api
from hotline.crisis import twilio_api as crisis_twilio_api
from hotline.db import make_engine, transaction
from hotline.errors import ERROR_RESPONSES, install_error_handler
from hotline.followups import api as follow_ups_api
from hotline.metrics import install_metrics
from hotline.notices import api as notices_api
from hotline.presence import api as presence_api
from hotline.realtime import api as realtime_api
from hotline.realtime import backends
from hotline.realtime.hub import Hub
from hotline.reports import api as reports_api
from hotline.resources import api as resources_api
from hotline.roster import api as roster_api
from hotline.roster import generation_api
from hotline.roster import requests_api as roster_requests_api
from hotline.security_headers import SecurityHeaders
from hotline.staff import api as staff_api
from hotline.staffcare import api as staffcare_api
from hotline.staffing import api as staffing_api
from hotline.telephony import api as telephony_api
from hotline.telephony import webhooks as twilio_webhooks
from hotline.training import api as training_api


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """Build the app. Policy files and permission rules are checked here, so a bad file stops
    start-up with a message that names it, instead of failing on the first call at 3 a.m."""
    settings = settings or get_settings()
    permissions.check_rules()
    settings.keys  # noqa: B018 - no keys, no start: the error names the file and the fix
    loaded_policies = policies.load(settings.schedules_dir)
    engine = engine or make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # SQLite's checkpoints and the collector's full passes would stall the event loop (an
        # alert's push included) now and then: these two keep them off the alert path.
        with checkpointer.checkpointing(engine) as checkpoints:
            app.state.checkpoints = checkpoints
            with transaction(engine) as session:  # the centre table mirrors network.toml
                centres_service.sync(session, loaded_policies.network, settings.timezone)
            await hub.start()
            runner = jobs.JobRunner(engine, settings, loaded_policies)
            app.state.jobs = runner
            if settings.run_scheduler:
                runner.start()
            async with collector.collecting():
                yield
            runner.stop()
            await hub.stop()
        app.state.checkpoints = None
        engine.dispose()

    docs = settings.api_docs  # the API's map is for its developers, not for every visitor
    app = FastAPI(title="hotline", version="0.1.0", lifespan=lifespan, responses=ERROR_RESPONSES,
                  docs_url="/docs" if docs else None, redoc_url="/redoc" if docs else None,
                  openapi_url="/openapi.json" if docs else None)
    app.state.settings = settings
    app.state.engine = engine
    app.state.policies = loaded_policies
    hub = Hub(engine, backends.choose(settings.realtime_backend, engine))
    app.state.hub = hub
    app.state.login_throttle = LoginThrottle(settings.login_throttle, settings.login_burst_alert)
    install_error_handler(app)
    install_metrics(app)
    app.add_middleware(SecurityHeaders, hsts=settings.cookie_secure)
    log_redaction.install()

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(auth_api.router)
    app.include_router(staff_api.router)
    app.include_router(centres_api.router)
    app.include_router(contacts_api.router)
    app.include_router(caller_rights_api.router)
    app.include_router(crisis_api.router)
    app.include_router(crisis_api.contacts)
    app.include_router(roster_api.router)
    app.include_router(roster_api.public)
    app.include_router(generation_api.router)
    app.include_router(notices_api.router)
    app.include_router(presence_api.router)
    app.include_router(realtime_api.router)
    app.include_router(twilio_webhooks.router)
    app.include_router(crisis_twilio_api.router)
    app.include_router(telephony_api.router)
    app.include_router(training_api.router)
    app.include_router(reports_api.router)
    app.include_router(roster_requests_api.router)
    app.include_router(follow_ups_api.router)
    app.include_router(callers_api.router)
    app.include_router(resources_api.router)
    app.include_router(resources_api.referrals)
    app.include_router(staffcare_api.router)
    app.include_router(staffing_api.router)

    from operator_ui import pages  # the UI sits on top of the API, never the other way round

    pages.install(app)
    return app
