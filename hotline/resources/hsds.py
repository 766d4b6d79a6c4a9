"""Open Referral HSDS (3.0) JSON: export the directory as ``service`` objects and import them.

Only the fields the directory keeps are mapped; an import is all or nothing (every service is
validated first, problems are listed by position) and idempotent on the HSDS ``id``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from hotline.db import utcnow
from hotline.resources import vocabulary
from hotline.resources.models import Resource
from hotline.resources.schemas import ResourceCreate
from hotline.resources.service import derive

TAXONOMY = "hotline-directory"
REGION_EXTENT = "iso3166-2"


def to_service(resource: Resource) -> dict[str, Any]:
    """One directory entry as an HSDS ``service``."""
    words = vocabulary.load()
    service: dict[str, Any] = {
        "id": resource.hsds_id,
        "name": resource.name,
        "description": resource.description,
        "url": resource.url or None,
        "status": "inactive" if resource.retired_at else "active",
        "eligibility_description": resource.eligibility or None,
        "assured_date": resource.last_verified_on.isoformat() if resource.last_verified_on
        else None,
        "last_modified": resource.updated_at.isoformat(),
        "languages": [{"code": code} for code in resource.languages],
        "phones": [{"number": resource.phone}] if resource.phone else [],
        "schedules": [{"description": resource.opening_hours}] if resource.opening_hours else [],
        "service_areas": [],
        "service_at_locations": [],
        "attributes": [
            {"taxonomy_term": {"code": c, "name": words.categories[c].en, "vocabulary": TAXONOMY}}
            for c in resource.categories if c in words.categories
        ],
    }
    if resource.region:
        term = words.regions.get(resource.region)
        service["service_areas"] = [{"name": term.en if term else resource.region,
                                     "extent": resource.region, "extent_type": REGION_EXTENT}]
    if resource.address:
        service["service_at_locations"] = [
            {"location": {"addresses": [{"address_1": resource.address, "country": "CN"}]}}]
    return service


def export(session: Session, *, include_retired: bool = True) -> list[dict[str, Any]]:
    """Every service of the directory, by name."""
    query = select(Resource).order_by(col(Resource.name), col(Resource.id))
    if not include_retired:
        query = query.where(col(Resource.retired_at).is_(None))
    return [to_service(r) for r in session.exec(query)]


def _first(items: Any, *path: str) -> Any:
    """``items[0][path[0]][path[1]]...`` or None, for HSDS's nested lists."""
    value = items[0] if isinstance(items, list) and items else None
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, list):
            value = value[0] if value else None
    return value


def from_service(service: dict[str, Any]) -> tuple[str | None, ResourceCreate, bool]:
    """(hsds id, the fields, retired) of one HSDS ``service``; raises ValidationError."""
    verified = service.get("assured_date")
    fields = {
        "name": service.get("name") or "",
        "description": service.get("description") or "",
        "url": service.get("url") or "",
        "eligibility": service.get("eligibility_description") or "",
        "phone": _first(service.get("phones"), "number") or "",
        "opening_hours": _first(service.get("schedules"), "description") or "",
        "region": _first(service.get("service_areas"), "extent") or "",
        "address": _first(service.get("service_at_locations"), "location", "addresses",
                          "address_1") or "",
        "languages": [lang.get("code") for lang in service.get("languages") or []
                      if isinstance(lang, dict) and lang.get("code")],
        "categories": [a["taxonomy_term"]["code"] for a in service.get("attributes") or []
                       if isinstance(a, dict) and isinstance(a.get("taxonomy_term"), dict)
                       and a["taxonomy_term"].get("vocabulary", TAXONOMY) == TAXONOMY
                       and a["taxonomy_term"].get("code")],
        "last_verified_on": date.fromisoformat(verified[:10]) if verified else None,
    }
    hsds_id = service.get("id")
    return (str(hsds_id)[:64] if hsds_id else None, ResourceCreate.model_validate(fields),
            service.get("status") == "inactive")


def services_in(document: Any) -> list[dict[str, Any]]:
    """A list of services, or an HSDS API page (``{"contents": [...]}``) or ``{"services": ...}``."""
    if isinstance(document, dict):
        document = document.get("contents", document.get("services"))
    if not isinstance(document, list) or not all(isinstance(s, dict) for s in document):
        raise ValueError("expected a JSON list of HSDS services (or {\"contents\": [...]})")
    return document


def import_services(session: Session, document: Any, *, actor_id: int | None = None
                    ) -> dict[str, int]:
    """Add or update every service; raises ValueError listing each bad one, writing nothing."""
    parsed: list[tuple[str | None, ResourceCreate, bool]] = []
    problems: list[str] = []
    for index, service in enumerate(services_in(document)):
        try:
            parsed.append(from_service(service))
        except ValidationError as exc:
            problems.extend(f"service {index} ({service.get('name') or '?'}): "
                            f"{'.'.join(map(str, e['loc'])) or 'service'}: {e['msg']}"
                            for e in exc.errors())
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            problems.append(f"service {index} ({service.get('name') or '?'}): {exc}")
    if problems:
        raise ValueError("\n".join(problems))
    ids = [h for h, _, _ in parsed if h]
    existing = {r.hsds_id: r for r in session.exec(
        select(Resource).where(col(Resource.hsds_id).in_(ids)))} if ids else {}
    added = updated = 0
    now = utcnow()
    for hsds_id, data, retired in parsed:
        resource = existing.get(hsds_id) if hsds_id else None
        if resource is None:
            resource = Resource(name=data.name)
            if hsds_id:
                resource.hsds_id = hsds_id
            added += 1
        else:
            resource.version += 1
            updated += 1
        for key, value in data.model_dump().items():
            setattr(resource, key, value)
        resource.retired_at = (resource.retired_at or now) if retired else None
        resource.updated_at, resource.updated_by = now, actor_id
        derive(resource)
        session.add(resource)
        if hsds_id:
            existing[hsds_id] = resource
    session.flush()
    return {"added": added, "updated": updated}
