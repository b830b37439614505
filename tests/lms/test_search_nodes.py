"""Each web node keeps its own search index: a course changed through one node is
found through another, which applies the logged changes before it searches."""

import pytest

from lms import create_app
from lms.extensions import db as db_ext
from lms.models import CatalogueChange, Course, Role
from lms.services.catalogue import search_index
from lms.services.studio import courses as studio_courses
from tests.conftest import base_config


@pytest.fixture
def other_node(app, tmp_path):
    """A second app on the same database with its own data dir (and search index)."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    node = create_app(base_config(tmp_path / "node-b", url) | {"LMS_SEARCH_SYNC_S": 0})
    yield node
    with node.app_context():
        db_ext.engine.dispose()


def raw_ids(node, q) -> set[str]:
    """What the node's own index holds for `q` (before the database check)."""
    with node.app_context():
        search_index.catch_up()
        return {hit.id for hit in search_index.current().search(q)}


def titles(node, q) -> list[str]:
    with node.app_context():
        return [hit.title for hit in search_index.search(q)]


@pytest.mark.app_config(LMS_SEARCH_SYNC_S=0)
def test_a_course_changed_through_one_node_is_found_through_another(
    app, db, factory, sample_course_dir, other_node
):
    assert titles(other_node, "雨天") == []  # its index is built, empty
    course = factory.course(sample_course_dir)  # imported through this node
    assert "示例课程：雨天安全骑行" in titles(other_node, "雨天")
    assert str(course.id) in raw_ids(other_node, "雨天")

    admin = factory.person(Role.ADMIN)
    studio_courses.set_published(admin, course, False)
    db.session.commit()
    assert str(course.id) not in raw_ids(other_node, "雨天")  # removed there too
    changes = db.session.scalars(db.select(CatalogueChange.course_id)).all()
    assert changes == [course.id, course.id]


@pytest.mark.app_config(LMS_SEARCH_SYNC_S=0)
def test_a_node_started_later_builds_its_index_then_follows(
    app, db, factory, sample_course_dir, other_node
):
    course = factory.course(sample_course_dir)
    assert str(course.id) in raw_ids(other_node, "雨天")  # built from the database
    course = db.session.get(Course, course.id)
    course.title = "暴雨天骑行：看清积水再过"
    search_index.reindex_course(course)
    db.session.commit()
    assert "暴雨天骑行：看清积水再过" in titles(other_node, "积水")
