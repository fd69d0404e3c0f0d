"""The engine's version (named in every advice under regelbasis.versie)."""

VERSION = "0.1.0"
