"""Alembic's environment: runs the migrations on the connection the caller hands over (database.upgrade)."""

from __future__ import annotations

from alembic import context

from samenwerkwijzer.engine.server.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
