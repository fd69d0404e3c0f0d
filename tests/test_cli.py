"""The command line speaks Dutch, also in click's own texts, and exits 2 on bad usage."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from samenwerkwijzer.cli import main

COMMANDS = [[], ["advies"], ["kennisbank"], ["kennisbank", "controleer"], ["schema"], ["plan"], ["uitleg"],
            ["regels"], ["regels", "controleer"], ["regels", "test"]]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "hoofd")
def test_help_is_dutch(args):
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Gebruik: ")
    for english in ("Usage:", "Options:", "Commands:", "Show this message", "[OPTIONS]"):
        assert english not in out, (english, out)
    assert "Toon deze hulp en stop." in out


def _every_command(group, path=()):
    yield list(path)
    for name, command in sorted(getattr(group, "commands", {}).items()):
        yield from _every_command(command, (*path, name))


@pytest.mark.parametrize("args", list(_every_command(main)), ids=lambda a: " ".join(a) or "hoofd")
def test_help_of_every_command_has_no_english_of_click(args):
    out = CliRunner().invoke(main, [*args, "--help"]).output
    assert out.startswith("Gebruik: ")
    for english in ("Usage:", "Options:", "Commands:", "[required]", "required]", "env var:", "default:", "DEPRECATED"):
        assert english not in out, (english, out)


def test_bad_usage_exits_2_in_dutch():
    result = CliRunner().invoke(main, ["advies", "x.yaml", "--formaat", "pdf"])
    assert result.exit_code == 2
    assert "Fout: Ongeldige waarde voor '--formaat'" in result.output
    result = CliRunner().invoke(main, ["--versie"])
    assert result.exit_code == 2
    assert "Onbekende optie '--versie'. Bedoelde u '--version'?" in result.output
