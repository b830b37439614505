"""The migrations build the schema from empty, and it matches the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from lms.models import Base
from lms.models.base import render_item


def test_models_match_the_migrated_schema(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_item": render_item}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_the_migrated_database_has_every_model_table(db):
    from sqlalchemy import inspect

    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
