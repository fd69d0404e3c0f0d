"""Dossiers for the browser tests, made the way an integrator makes them: through the HTTP API
(/api/sessie, /api/dossiers) of the live server, so the pages read what the real code stored."""

from __future__ import annotations

import json
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import yaml
from serverapp import DAY, PASSWORD

EXAMPLES = Path(__file__).resolve().parent.parent / "voorbeelden"


class ApiUser:
    """One account logged in to the API of the live server, with its cookie and CSRF token."""

    def __init__(self, url: str, naam: str):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.csrf = self.call("POST", "/api/sessie", {"naam": naam, "wachtwoord": PASSWORD})["csrf_token"]

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if getattr(self, "csrf", None):
            headers["X-CSRF-Token"] = self.csrf
        data = json.dumps(body, default=str).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        with self.opener.open(request, timeout=60) as answer:
            return json.loads(answer.read() or b"null")

    def new_dossier(self, voorbeeld: str, naam: str | None = None) -> int:
        """A dossier with the facts of voorbeelden/<voorbeeld>.yaml (optionally renamed); its number."""
        facts = yaml.safe_load((EXAMPLES / f"{voorbeeld}.yaml").read_text(encoding="utf-8"))
        if naam is not None:
            facts["naam"] = naam
        return int(self.call("POST", "/api/dossiers", {"feiten": facts, "peildatum": DAY})["id"])

    def tick(self, dossier: int, basis: int, *activities: str) -> int:
        """Mark activities done: a new version; its number."""
        answer = self.call("POST", f"/api/dossiers/{dossier}/versies",
                           {"basis": basis, "afgerond": list(activities), "peildatum": DAY})
        return int(answer["nummer"])
