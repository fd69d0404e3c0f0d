"""The first schema: gemeente, gebruiker, sessie, api_token, inlogpoging, dossier, versie.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table("gemeente",
                    sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("naam", sa.String(200), nullable=False, unique=True))
    op.create_table("gebruiker",
                    sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("gemeente_id", sa.Integer, sa.ForeignKey("gemeente.id"), nullable=False, index=True),
                    sa.Column("naam", sa.String(200), nullable=False, unique=True),
                    sa.Column("rol", sa.String(20), nullable=False),
                    sa.Column("wachtwoord", sa.String(300), nullable=False),
                    sa.Column("aangemaakt", WHEN, nullable=False))
    op.create_table("sessie",
                    sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("sleutel", sa.String(64), nullable=False, unique=True),
                    sa.Column("gebruiker_id", sa.Integer, sa.ForeignKey("gebruiker.id"), nullable=False, index=True),
                    sa.Column("csrf", sa.String(64), nullable=False),
                    sa.Column("aangemaakt", WHEN, nullable=False),
                    sa.Column("verloopt", WHEN, nullable=False))
    op.create_table("api_token",
                    sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("sleutel", sa.String(64), nullable=False, unique=True),
                    sa.Column("gebruiker_id", sa.Integer, sa.ForeignKey("gebruiker.id"), nullable=False, index=True),
                    sa.Column("naam", sa.String(200), nullable=False),
                    sa.Column("aangemaakt", WHEN, nullable=False),
                    sa.Column("ingetrokken", WHEN, nullable=True))
    op.create_table("inlogpoging",
                    sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("naam", sa.String(200), nullable=False),
                    sa.Column("adres", sa.String(100), nullable=False),
                    sa.Column("mislukt", sa.Integer, nullable=False),
                    sa.Column("laatste", WHEN, nullable=False),
                    sa.UniqueConstraint("naam", "adres"))
    op.create_table("dossier",
                    sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("gemeente_id", sa.Integer, sa.ForeignKey("gemeente.id"), nullable=False, index=True),
                    sa.Column("naam", sa.String(500), nullable=False),
                    sa.Column("aangemaakt", WHEN, nullable=False))
    op.create_table("versie",
                    sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("dossier_id", sa.Integer, sa.ForeignKey("dossier.id"), nullable=False, index=True),
                    sa.Column("nummer", sa.Integer, nullable=False),
                    sa.Column("gebruiker_id", sa.Integer, sa.ForeignKey("gebruiker.id"), nullable=False),
                    sa.Column("tijd", WHEN, nullable=False),
                    sa.Column("peildatum", sa.String(10), nullable=False),
                    sa.Column("feiten", sa.Text, nullable=False),
                    sa.Column("regelbasis_versie", sa.String(50), nullable=False),
                    sa.Column("regelbasis_hash", sa.String(64), nullable=False),
                    sa.Column("advies", sa.Text, nullable=False),
                    sa.UniqueConstraint("dossier_id", "nummer"))


def downgrade() -> None:
    for table in ("versie", "dossier", "inlogpoging", "api_token", "sessie", "gebruiker", "gemeente"):
        op.drop_table(table)
