"""Settings come from the environment, with Neo4j's own names for Neo4j."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.settings import MIN_API_KEY_LENGTH, Settings, get_settings

KEY_A = "a" * MIN_API_KEY_LENGTH
KEY_B = "b" * (MIN_API_KEY_LENGTH + 4)


@pytest.fixture
def env(monkeypatch):
    for name in ("MLPATH_GRAPH", "MLPATH_API_KEYS", "MLPATH_CORS_ORIGINS", "MLPATH_MAX_BODY_BYTES",
                 "NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults(env):
    settings = Settings()
    assert settings.graph is None and settings.neo4j_uri is None
    assert settings.api_keys == () and settings.cors_origins == ()
    assert settings.max_body_bytes == 64 * 1024


def test_comma_separated_lists_and_prefixes(env):
    env.setenv("MLPATH_API_KEYS", f" {KEY_A}, {KEY_B} ,")
    env.setenv("MLPATH_CORS_ORIGINS", "http://a.example,http://b.example")
    env.setenv("MLPATH_MAX_BODY_BYTES", "1000")
    env.setenv("MLPATH_GRAPH", "/data/curriculum.json")
    settings = Settings()
    assert settings.api_keys == (KEY_A, KEY_B)
    assert settings.cors_origins == ("http://a.example", "http://b.example")
    assert settings.max_body_bytes == 1000 and settings.graph == "/data/curriculum.json"


def test_neo4j_settings_keep_neo4j_names(env):
    env.setenv("NEO4J_URI", "bolt://db:7687")
    env.setenv("NEO4J_USER", "reader")
    env.setenv("NEO4J_PASSWORD", "s3cret")
    env.setenv("NEO4J_DATABASE", "curricula")
    env.setenv("MLPATH_NEO4J_URI", "bolt://ignored:1")
    settings = Settings()
    assert (settings.neo4j_uri, settings.neo4j_user, settings.neo4j_database) == ("bolt://db:7687", "reader", "curricula")
    assert settings.neo4j_password.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(settings)


def test_blank_uri_means_not_configured(env):
    env.setenv("NEO4J_URI", "  ")
    assert Settings().neo4j_uri is None


def test_short_api_keys_are_refused(env):
    env.setenv("MLPATH_API_KEYS", f"{KEY_A},short")
    with pytest.raises(ValidationError, match="number 2"):
        Settings()


def test_get_settings_reads_once_and_can_be_reset(env):
    get_settings.cache_clear()
    try:
        env.setenv("MLPATH_MAX_BODY_BYTES", "1234")
        first = get_settings()
        env.setenv("MLPATH_MAX_BODY_BYTES", "999")
        assert get_settings() is first and first.max_body_bytes == 1234
        get_settings.cache_clear()
        assert get_settings().max_body_bytes == 999
    finally:
        get_settings.cache_clear()
