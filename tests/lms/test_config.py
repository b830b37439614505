"""Configuration: the secret key is generated once and kept, never a constant."""

from lms import config


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("LMS_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("LMS_SECRET_KEY", raising=False)
    first = config.load()["SECRET_KEY"]
    assert len(first) == 64 and (tmp_path / "secret_key").read_text() == first
    assert config.load()["SECRET_KEY"] == first
    other = tmp_path / "other"
    monkeypatch.setenv("LMS_DATA_DIR", str(other))
    assert config.load()["SECRET_KEY"] != first


def test_environment_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("LMS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LMS_DATABASE_URL", "postgresql+psycopg://127.0.0.1/test")
    monkeypatch.setenv("LMS_SECRET_KEY", "k")
    settings = config.load()
    assert settings["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    assert settings["SECRET_KEY"] == "k"
    monkeypatch.delenv("LMS_DATABASE_URL")
    assert (
        config.load()["SQLALCHEMY_DATABASE_URI"]
        == f"sqlite:///{tmp_path / 'lms.sqlite3'}"
    )


def test_the_instance_id_is_generated_once_per_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LMS_DATA_DIR", str(tmp_path / "a"))
    monkeypatch.delenv("LMS_INSTANCE_ID", raising=False)
    first = config.load()["LMS_INSTANCE_ID"]
    assert first.startswith("gig-lms-") and first != "gig-lms"
    assert (tmp_path / "a" / "instance_id").read_text() == first
    assert config.load()["LMS_INSTANCE_ID"] == first  # kept
    monkeypatch.setenv("LMS_DATA_DIR", str(tmp_path / "b"))
    assert config.load()["LMS_INSTANCE_ID"] != first  # another instance
    monkeypatch.setenv("LMS_INSTANCE_ID", "city-lms-2")
    assert config.load()["LMS_INSTANCE_ID"] == "city-lms-2"
