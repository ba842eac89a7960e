"""Settings come from the environment, with Neo4j's own names for Neo4j."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.settings import MIN_API_KEY_LENGTH, Settings, get_settings

KEY_A = "a" * MIN_API_KEY_LENGTH
KEY_B = "b" * (MIN_API_KEY_LENGTH + 4)


@pytest.fixture
def env(monkeypatch):
    """An environment holding no mlpath or Neo4j setting at all."""
    import os

    for name in list(os.environ):
        if name.startswith(("MLPATH_", "NEO4J_")):
            monkeypatch.delenv(name)
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


def test_the_neo4j_settings_are_what_every_driver_is_built_from(env):
    assert Settings().neo4j is None  # no NEO4J_URI: not configured, for the API and the CLI alike
    env.setenv("NEO4J_URI", " bolt://db:7687 ")
    env.setenv("NEO4J_USER", "reader")
    env.setenv("NEO4J_PASSWORD", "s3cret")
    env.setenv("MLPATH_NEO4J_CHECK_TIMEOUT", "3.5")
    server = Settings().neo4j
    assert (server.uri, server.user, server.database, server.timeout) == ("bolt://db:7687", "reader", "neo4j", 3.5)
    assert server.password.get_secret_value() == "s3cret" and "s3cret" not in repr(server)


@pytest.mark.parametrize("uri", ["mongodb://db:27017", "http://db:7474", "db:7687", "bolt:/db"])
def test_a_uri_neo4j_cannot_speak_is_refused_at_once(env, uri):
    env.setenv("NEO4J_URI", uri)
    with pytest.raises(ValidationError, match="not a Neo4j URI"):
        Settings()


@pytest.mark.parametrize("uri", ["bolt://127.0.0.1:7687", "neo4j+s://x.databases.example", "BOLT+SSC://db:1"])
def test_every_driver_scheme_is_accepted(env, uri):
    env.setenv("NEO4J_URI", uri)
    assert Settings().neo4j.uri == uri


def test_load_settings_names_every_bad_variable_and_never_echoes_a_value(env):
    from api.settings import SettingsError, load_settings

    env.setenv("MLPATH_API_KEYS", f"{KEY_A},short-key")
    env.setenv("MLPATH_CYPHER_TIMEOUT", "soon")
    env.setenv("NEO4J_URI", "mongodb://db")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    problems = dict(caught.value.problems)
    assert set(problems) == {"MLPATH_API_KEYS", "MLPATH_CYPHER_TIMEOUT", "NEO4J_URI"}
    assert "shorter than 16 characters" in problems["MLPATH_API_KEYS"]
    assert "valid number" in problems["MLPATH_CYPHER_TIMEOUT"]
    assert "short-key" not in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("argv", [
    ["serve", "--port", "1"],
    ["neo4j", "status"],
    ["neo4j", "sync"],
    ["cypher", "--query", "RETURN 1"],
    ["cypher", "stage-summary"],
], ids=lambda argv: " ".join(argv[:2]))
def test_every_command_that_reads_settings_reports_a_bad_one_as_a_usage_error(env, argv):
    import io

    from api.cli import ExitStatus, main

    env.setenv("MLPATH_API_KEYS", "too-short")
    err = io.StringIO()
    assert main(argv, stdout=io.StringIO(), stderr=err) == ExitStatus.USAGE
    assert "MLPATH_API_KEYS: API key(s) number 1 are shorter than 16 characters" in err.getvalue()
    assert "unexpected" not in err.getvalue() and "too-short" not in err.getvalue()


@pytest.mark.parametrize("argv", [["neo4j", "status"], ["neo4j", "sync"], ["cypher", "--query", "RETURN 1"]],
                         ids=lambda argv: " ".join(argv[:2]))
def test_commands_needing_neo4j_say_how_to_configure_it(env, argv):
    import io

    from api.cli import ExitStatus, main

    err = io.StringIO()
    assert main(argv, stdout=io.StringIO(), stderr=err) == ExitStatus.USAGE
    assert "NEO4J_URI: not set" in err.getvalue() and "scripts/neo4j-local start" in err.getvalue()
