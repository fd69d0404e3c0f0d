"""The vendored NL Design System CSS: the versions pinned in scripts/nlds/package-lock.json are the ones
copied (VERSIONS.txt, written by scripts/nlds-css.sh), each package's licence lies beside its CSS, the
layout links the files, and the package data ships them."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NLDS = ROOT / "engine" / "server" / "pages" / "static" / "nlds"
PACKAGES = {"@utrecht/component-library-css": "LICENSE-utrecht-component-library-css.md",
            "@nl-design-system-unstable/voorbeeld-design-tokens": "LICENSE-voorbeeld-design-tokens.md"}


def test_copied_versions_are_the_pinned_ones_with_their_licences():
    lock = json.loads((ROOT / "scripts" / "nlds" / "package-lock.json").read_text(encoding="utf-8"))
    copied = dict(line.split(" ", 1) for line in (NLDS / "VERSIONS.txt").read_text(encoding="utf-8").splitlines())
    for name, licence in PACKAGES.items():
        pinned = lock["packages"][f"node_modules/{name}"]
        assert copied[name] == f"{pinned['version']} {pinned['license']}"
        assert pinned["license"] == "EUPL-1.2"
        assert "EUROPEAN UNION PUBLIC LICENCE" in (NLDS / licence).read_text(encoding="utf-8")


def test_layout_links_every_vendored_stylesheet_and_the_package_ships_them():
    layout = (ROOT / "engine" / "server" / "pages" / "templates" / "basis.html").read_text(encoding="utf-8")
    for css in sorted(NLDS.glob("*.css")):
        assert f'href="/static/nlds/{css.name}"' in layout
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert "engine/server/pages/static/nlds/*" in data["samenwerkwijzer"]
