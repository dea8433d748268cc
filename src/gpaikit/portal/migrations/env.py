"""Alembic's environment for the portal: runs on the connection gpaikit hands it."""

from __future__ import annotations

from alembic import context

from gpaikit.portal._tables import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("gpaikit runs its migrations with gpaikit.portal.migrate(), online only")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
