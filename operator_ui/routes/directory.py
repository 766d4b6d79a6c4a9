"""The referral directory as pages: search (everyone), add, edit, retire and restore
(supervisors, team leads, admins); services a year unverified are marked for review."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlmodel import Session
from starlette.datastructures import FormData

from hotline.access.permissions import require
from hotline.auth.service import CurrentUser
from hotline.db import Id, SessionDep
from hotline.errors import HotlineError
from hotline.resources import service, vocabulary
from hotline.resources.schemas import ResourceCreate, ResourceSearch, ResourceUpdate
from operator_ui import form_errors, staff_choices
from operator_ui.form_errors import Problem
from operator_ui.rendering import FormDep, SignedInDep, page_router, redirect, render

router = page_router(prefix="/directory")
TEXT_FIELDS = ("name", "description", "phone", "address", "region", "opening_hours",
               "eligibility", "url")


@router.get("")
def directory(request: Request, user: SignedInDep, session: SessionDep) -> Response:
    raw = {k: v for k, v in request.query_params.items() if v and k != "lang"}
    problem = None
    try:
        params = ResourceSearch.model_validate(
            {k: raw[k] for k in ("q", "region", "category", "stale") if k in raw} | {"limit": 50})
    except ValidationError as exc:
        params, problem = ResourceSearch(limit=50), form_errors.problems(exc)[0]
    today = staff_choices.today(request)
    rows, total = service.search_resources(session, actor=user, params=params, today=today)
    return render(request, "directory/list.html", nav="directory", filters=raw, total=total,
                  services=[service.to_public(r, today) for r in rows], problem=problem,
                  words=vocabulary.load())


def _values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {name: str(form.get(name, "")).strip() for name in TEXT_FIELDS}
    values["categories"] = form.getlist("categories")
    values["languages"] = [x for x in str(form.get("languages", "")).replace("，", ",")
                           .replace(" ", ",").split(",") if x]
    values["last_verified_on"] = str(form.get("last_verified_on", "")).strip() or None
    return values


def _form(request: Request, *, values: dict[str, Any], resource_id: int | None = None,
          problems: list[Problem] | None = None, status_code: int = 200) -> Response:
    return render(request, "directory/form.html", status_code=status_code, nav="directory",
                  values=values, resource_id=resource_id, problems=problems or [],
                  words=vocabulary.load())


def _save(session: Session, user: CurrentUser, request: Request, form: FormData,
          resource_id: int | None) -> Response:
    values = _values(form)
    try:
        if resource_id is None:
            saved = service.create_resource(session, actor=user,
                                            data=ResourceCreate.model_validate(values),
                                            client_addr=user.client_addr)
        else:
            saved = service.update_resource(session, actor=user, resource_id=resource_id,
                                            data=ResourceUpdate.model_validate(values),
                                            client_addr=user.client_addr)
    except ValidationError as exc:
        return _form(request, values=values, resource_id=resource_id,
                     problems=form_errors.problems(exc), status_code=422)
    except HotlineError as exc:
        session.rollback()
        return _form(request, values=values, resource_id=resource_id,
                     problems=[Problem.of(exc)], status_code=exc.status_code)
    return redirect(f"/directory?q={quote(saved.name[:100])}")


@router.get("/new")
def new(request: Request, user: SignedInDep) -> Response:
    require(user, "manage_resources")
    return _form(request, values={"categories": [], "languages": ["zh"]})


@router.post("/new")
def create(request: Request, user: SignedInDep, form: FormDep, session: SessionDep) -> Response:
    return _save(session, user, request, form, None)


@router.get("/{resource_id}/edit")
def edit(resource_id: Id, request: Request, user: SignedInDep, session: SessionDep) -> Response:
    require(user, "manage_resources")
    resource = service.get_resource(session, actor=user, resource_id=resource_id)
    values = resource.model_dump(mode="json")
    values["languages"] = resource.languages
    return _form(request, values=values, resource_id=resource_id)


@router.post("/{resource_id}/edit")
def update(resource_id: Id, request: Request, user: SignedInDep, form: FormDep,
           session: SessionDep) -> Response:
    return _save(session, user, request, form, resource_id)


@router.post("/{resource_id}/retire")
def retire(resource_id: Id, user: SignedInDep, form: FormDep, session: SessionDep) -> Response:
    service.retire_resource(session, actor=user, resource_id=resource_id,
                            client_addr=user.client_addr, retire=form.get("restore") != "yes")
    return redirect("/directory")
