"""The HTTP API on SQLite and a real PostgreSQL: advice byte for byte as the CLI, problem details
with the CLI's messages, dossiers with history, conflicts and exports, sessions, tokens, limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from serverapp import DAY, PASSWORD, Api, api, shared_adviseur  # noqa: F401 - fixtures
from serverdb import db, db_url, pg_cluster  # noqa: F401 - fixtures
from starlette.testclient import TestClient

from samenwerkwijzer.cli import main
from samenwerkwijzer.engine.server.app import asgi
from samenwerkwijzer.engine.server.database import Database
from samenwerkwijzer.engine.source.yamlsource import load

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "voorbeelden").glob("*.yaml"))


def cli_json(path: Path) -> bytes:
    result = CliRunner().invoke(main, ["advies", str(path), "--formaat", "json", "--peildatum", DAY])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.fixture(scope="module")
def stateless(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The stateless endpoints need no accounts: one SQLite database for the module."""
    found = Database(f"sqlite:///{tmp_path_factory.mktemp('db') / 'sw.db'}")
    found.upgrade()
    yield TestClient(asgi(found, shared_adviseur()))
    found.dispose()  # closes the pooled connections (Python 3.13 warns about an unclosed sqlite3 connection)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_advice_is_byte_for_byte_what_the_cli_prints(stateless: TestClient, example: Path) -> None:
    facts = load(str(example)).data
    r = stateless.post(f"/api/advies?peildatum={DAY}", content=json.dumps(facts), headers={"content-type": "application/json"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.content == cli_json(example)


def test_bad_facts_are_problem_details_with_the_cli_message(stateless: TestClient) -> None:
    r = stateless.post("/api/advies", json={"naam": "x", "warmteoplossing": "colectief", "wijk": {"deelnamebereidheid": 300}})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == 422 and body["title"] == "Foute invoer"
    first = next(f for f in body["fouten"] if f["veld"] == "warmteoplossing")
    assert first["bedoelde_u"] == "collectief" and "gemengd" in first["toegestaan"] and first["regel"] == 1
    assert "veld 'warmteoplossing': onbekende waarde 'colectief'" in body["detail"]
    assert any(f["veld"] == "wijk.deelnamebereidheid" for f in body["fouten"])  # every mistake in one answer


def test_a_field_in_the_wrong_section_gets_the_cli_guess_in_the_problem_details(stateless: TestClient) -> None:
    r = stateless.post("/api/advies", json={"naam": "x", "wijk": {"wethouder_betrokken": False}})
    assert r.status_code == 422
    (fout,) = r.json()["fouten"]
    assert fout["veld"] == "wijk.wethouder_betrokken" and fout["bedoelde_u"] == "gemeente.wethouder_betrokken"
    assert fout["tip"] == "dit veld hoort bij 'gemeente': zet het onder gemeente:"
    assert fout["melding"].endswith("; " + fout["tip"])


@pytest.mark.parametrize(("raw", "kind", "status", "words"), [
    (b"", "application/json", 422, "leeg"),
    (b"[1, 2]", "application/json", 422, "geen lijst"),
    (b'{"naam": "x",', "application/json", 422, "syntaxfout"),
    (b"\xff\xfe", "application/json", 422, "UTF-8"),
    (b'{"naam": "x"}', "text/plain", 415, "JSON"),
    (b'{"naam": "x", "onbekend": 1}', "application/json", 422, "onbekend"),
])
def test_broken_bodies_are_refused_in_dutch(stateless: TestClient, raw: bytes, kind: str, status: int, words: str) -> None:
    r = stateless.post("/api/advies", content=raw, headers={"content-type": kind})
    assert r.status_code == status and words in r.json()["detail"]


def test_a_bad_peildatum_is_named(stateless: TestClient) -> None:
    r = stateless.post("/api/advies?peildatum=1-1-2026", json={"naam": "x"})
    assert r.status_code == 422 and r.json()["fouten"][0]["veld"] == "peildatum"


def test_questions_have_the_contract_shape(stateless: TestClient, tmp_path: Path) -> None:
    r = stateless.post(f"/api/vragen?peildatum={DAY}", json={"naam": "x"})
    assert r.status_code == 200
    vragen = r.json()
    assert vragen and all(set(v) == {"feit", "vraag", "uitleg", "antwoorden"} for v in vragen)
    consult = shared_adviseur().raadpleeg({"naam": "x"}, "2026-01-01")
    assert [v["feit"] for v in vragen] == [q.feit for q in consult.open_questions]
    facts = tmp_path / "x.json"
    facts.write_text(json.dumps({"naam": "x"}), encoding="utf-8")
    cli = CliRunner().invoke(main, ["vragen", str(facts), "--formaat", "json", "--peildatum", DAY])
    assert cli.exit_code == 0 and r.content == cli.stdout_bytes  # one rendering for both


def test_explain_schema_and_kennisbank(stateless: TestClient) -> None:
    r = stateless.post(f"/api/uitleg?peildatum={DAY}&id=fase", json={"naam": "x"})
    assert r.status_code == 200 and r.json()["id"] == "fase"
    assert stateless.post("/api/uitleg?id=bestaat-niet", json={"naam": "x"}).status_code == 422
    schema = stateless.get("/api/schema/feiten")
    assert schema.status_code == 200 and schema.text == (ROOT / "schemas" / "feiten.schema.json").read_text(encoding="utf-8")
    assert stateless.get("/api/schema/iets").status_code == 422
    assert stateless.get("/api/kennisbank").json()["fasen"][0]["id"] == "opstarten"


def test_bodies_over_one_megabyte_are_refused_also_without_a_length(stateless: TestClient) -> None:
    big = b'{"naam": "' + b"x" * 1_000_001 + b'"}'
    assert stateless.post("/api/advies", content=big, headers={"content-type": "application/json"}).status_code == 413

    def chunks():  # chunked transfer: no Content-Length to judge by
        for _ in range(11):
            yield b" " * 100_000

    r = stateless.post("/api/advies", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["title"] == "Verzoek te groot"


def test_openapi_has_dutch_descriptions_and_problem_details(stateless: TestClient) -> None:
    spec = stateless.get("/openapi.json").json()
    advies = spec["paths"]["/api/advies"]["post"]
    assert "precies" in advies["description"]
    assert advies["responses"]["4XX"]["content"]["application/problem+json"]
    assert "Feiten" in spec["components"]["schemas"] and "HTTPValidationError" not in spec["components"]["schemas"]
    assert spec["paths"]["/api/dossiers"]["get"]["security"] == [{"token": []}, {"sessie": []}]
    assert "security" not in advies  # the stateless advice needs no account
    assert "Successful" not in json.dumps(spec) and "Validation Error" not in json.dumps(spec)
    operations = [op for item in spec["paths"].values() for op in item.values()]
    assert all(p.get("description") for op in operations for p in op.get("parameters", []))


def test_unknown_address_is_a_problem(stateless: TestClient) -> None:
    r = stateless.get("/api/bestaat-niet")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


# -- dossiers ---------------------------------------------------------------------------------

def test_a_dossier_keeps_every_version(api: Api) -> None:  # noqa: F811
    client, csrf = api.login("anna")
    h = {"X-CSRF-Token": csrf}
    facts = load(str(EXAMPLES[0])).data
    r = client.post("/api/dossiers", json={"feiten": facts, "peildatum": DAY}, headers=h)
    assert r.status_code == 201
    made = r.json()
    did = made["id"]
    assert made["versie"]["nummer"] == 1 and made["versie"]["door"] == "anna" and made["versie"]["feiten"] == facts
    assert made["versie"]["advies"] == json.loads(cli_json(EXAMPLES[0]))
    step = made["versie"]["advies"]["activiteiten"][0]["id"]
    r = client.post(f"/api/dossiers/{did}/versies", json={"basis": 1, "afgerond": [step], "peildatum": DAY}, headers=h)
    assert r.status_code == 201 and r.json()["nummer"] == 2
    assert step in r.json()["feiten"]["afgerond"]
    r = client.post(f"/api/dossiers/{did}/versies", json={"basis": 2, "afgerond": [step[:-1]]}, headers=h)
    assert r.status_code == 422 and r.json()["fouten"][0]["veld"] == "afgerond[0]"
    assert r.json()["fouten"][0]["bedoelde_u"] == step
    r = client.post(f"/api/dossiers/{did}/versies", json={"basis": 1, "feiten": facts}, headers=h)
    assert r.status_code == 409 and r.json()["laatste_versie"] == 2
    assert [v["nummer"] for v in client.get(f"/api/dossiers/{did}/versies").json()] == [1, 2]
    assert client.get(f"/api/dossiers/{did}/versies/1").json()["feiten"] == facts  # the old one, unchanged
    assert client.get(f"/api/dossiers/{did}").json()["versie"]["nummer"] == 2
    assert [d["id"] for d in client.get("/api/dossiers").json()] == [did]
    renamed = dict(facts, naam="Nieuwe naam")
    r = client.post(f"/api/dossiers/{did}/versies", json={"basis": 2, "feiten": renamed}, headers=h)
    assert r.status_code == 201
    assert client.get("/api/dossiers").json()[0]["naam"] == "Nieuwe naam"
    assert client.get(f"/api/dossiers/{did}/versies/1").json()["feiten"]["naam"] == facts["naam"]


def test_compare_is_byte_for_byte_what_the_cli_prints(stateless: TestClient, tmp_path: Path) -> None:
    a = load(str(EXAMPLES[0])).data
    b = dict(a, warmteoplossing="individueel" if a.get("warmteoplossing") != "individueel" else "collectief")
    second = tmp_path / "b.json"
    second.write_text(json.dumps(b), encoding="utf-8")
    cli = CliRunner().invoke(main, ["vergelijk", str(EXAMPLES[0]), str(second), "--formaat", "json", "--peildatum", DAY])
    assert cli.exit_code == 0, cli.output
    r = stateless.post(f"/api/vergelijk?peildatum={DAY}", json={"a": a, "b": b})
    assert r.status_code == 200 and r.content == cli.stdout_bytes
    assert json.loads(r.content)["feiten"], "the one fact that differs is named"


def test_compare_names_what_is_missing_or_unknown(stateless: TestClient) -> None:
    a = load(str(EXAMPLES[0])).data
    r = stateless.post("/api/vergelijk", json={"a": a, "c": a})
    assert r.status_code == 422
    fields = {f["veld"]: f["melding"] for f in r.json()["fouten"]}
    assert set(fields) == {"b", "c"}
    r = stateless.post("/api/vergelijk", json={"a": a, "b": dict(a, fase="klaar")})
    assert r.status_code == 422 and r.json()["fouten"][0]["veld"] == "fase"


def test_two_versions_of_a_dossier_are_compared(api: Api) -> None:  # noqa: F811
    client, csrf = api.login("anna")
    h = {"X-CSRF-Token": csrf}
    facts = load(str(EXAMPLES[0])).data
    did = client.post("/api/dossiers", json={"feiten": facts, "peildatum": DAY}, headers=h).json()["id"]
    step = client.get(f"/api/dossiers/{did}").json()["versie"]["advies"]["activiteiten"][0]["id"]
    assert client.post(f"/api/dossiers/{did}/versies", json={"basis": 1, "afgerond": [step], "peildatum": DAY},
                       headers=h).status_code == 201
    r = client.get(f"/api/dossiers/{did}/vergelijk")
    assert r.status_code == 200
    changed = {f["feit"]: f for f in r.json()["feiten"]}
    assert set(changed) == {"afgerond"}
    assert r.json() == client.get(f"/api/dossiers/{did}/vergelijk?van=1&naar=2").json()
    assert client.get(f"/api/dossiers/{did}/vergelijk?van=1&naar=1").json()["feiten"] == []
    assert client.get(f"/api/dossiers/{did}/vergelijk?van=3").status_code == 404


def test_export_gives_a_facts_file_the_cli_reads_and_the_report(api: Api, tmp_path: Path) -> None:  # noqa: F811
    client, csrf = api.login("anna")
    facts = load(str(EXAMPLES[1])).data
    did = client.post("/api/dossiers", json={"feiten": facts, "peildatum": DAY}, headers={"X-CSRF-Token": csrf}).json()["id"]
    r = client.get(f"/api/dossiers/{did}/export?formaat=feiten")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/yaml")
    assert yaml.safe_load(r.text) == facts
    (tmp_path / "f.yaml").write_text(r.text, encoding="utf-8")
    assert cli_json(tmp_path / "f.yaml") == cli_json(EXAMPLES[1])
    html = client.get(f"/api/dossiers/{did}/export?formaat=html")
    assert html.status_code == 200 and html.text.lstrip().lower().startswith("<!doctype html")
    assert client.get(f"/api/dossiers/{did}/export?versie=9").status_code == 404


def test_a_dossier_number_beyond_the_database_is_refused_not_a_crash(api: Api) -> None:  # noqa: F811
    headers = api.token("anna")
    r = api.client.get(f"/api/dossiers/{2**63}/export", headers=headers)
    assert r.status_code == 422 and "hoogstens 2147483647" in r.json()["detail"]
    assert api.client.get("/api/dossiers/2147483647", headers=headers).status_code == 404
    r = api.client.post("/api/dossiers/1/versies", json={"basis": 2**40}, headers=headers)
    assert r.status_code == 422 and r.json()["fouten"][0]["veld"] == "basis"


def test_bad_facts_in_a_dossier_are_refused_and_nothing_is_stored(api: Api) -> None:  # noqa: F811
    headers = api.token("anna")
    r = api.client.post("/api/dossiers", json={"feiten": {"naam": "x", "fase": "opstarte"}}, headers=headers)
    assert r.status_code == 422 and r.json()["fouten"][0]["bedoelde_u"] == "opstarten"
    assert r.json()["fouten"][0]["veld"] == "fase" and r.json()["fouten"][0]["regel"] == 1
    r = api.client.post("/api/dossiers", json={"feitn": {"naam": "x"}}, headers=headers)
    assert r.status_code == 422 and "feiten" in r.json()["detail"]
    assert api.client.get("/api/dossiers", headers=headers).json() == []


# -- sessions and tokens ------------------------------------------------------------------------

def test_session_cookie_is_httponly_lax_and_secure_over_https(api: Api) -> None:  # noqa: F811
    r = api.fresh().post("/api/sessie", json={"naam": "anna", "wachtwoord": PASSWORD})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie
    plain = TestClient(api.client.app, base_url="http://testserver")
    assert "secure" not in plain.post("/api/sessie", json={"naam": "anna", "wachtwoord": PASSWORD}).headers["set-cookie"].lower()


def test_logout_ends_the_session_for_everyone(api: Api) -> None:  # noqa: F811
    client, csrf = api.login("anna")
    cookie = client.cookies.get("sw_sessie")
    assert client.delete("/api/sessie", headers={"X-CSRF-Token": csrf}).status_code == 204
    stolen = api.fresh()
    stolen.cookies.set("sw_sessie", cookie)
    assert stolen.get("/api/sessie").status_code == 401


def test_login_by_form_and_wrong_passwords_slow_down(api: Api) -> None:  # noqa: F811
    client = api.fresh()
    assert client.post("/api/sessie", data={"naam": "anna", "wachtwoord": PASSWORD}).status_code == 200
    statuses = [client.post("/api/sessie", json={"naam": "bea", "wachtwoord": "fout"}).status_code for _ in range(5)]
    assert statuses[:3] == [401, 401, 401] and statuses[-1] == 429
    r = client.post("/api/sessie", json={"naam": "bea", "wachtwoord": PASSWORD})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0  # also the right password waits
    assert client.post("/api/sessie", json={"naam": "niemand", "wachtwoord": "x"}).status_code == 401


def test_a_revoked_token_no_longer_works(api: Api) -> None:  # noqa: F811
    headers = api.token("anna")
    assert api.client.get("/api/dossiers", headers=headers).status_code == 200
    tokens = api.client.get("/api/tokens", headers=headers).json()
    assert len(tokens) == 1 and "token" not in tokens[0]
    assert api.client.delete(f"/api/tokens/{tokens[0]['id']}", headers=headers).status_code == 204
    assert api.client.get("/api/dossiers", headers=headers).status_code == 401
    assert api.client.get("/api/dossiers", headers={"Authorization": "Bearer sw_verzonnen"}).status_code == 401
