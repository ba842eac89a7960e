"""Configuration of the HTTP API, read from the environment.

One :class:`Settings` object, built on first use by :func:`get_settings` and
never at import time, so tests can build their own and pass it to
``create_app(settings)``.  Neo4j settings keep the names Neo4j users already
know (``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``);
everything else is prefixed ``MLPATH_``.  ``docs/api.md`` lists them all.

The API and the CLI read the same settings with the same defaults:
:attr:`Settings.neo4j` is what ``graph.neo4j.connection`` builds every driver
from.  A bad value raises :class:`SettingsError` naming the variable and the
fault, which ``mlpath`` prints and answers with the usage exit status.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graph.errors import MlpathError
from graph.learner_store import default_data_dir
from graph.neo4j.connection import Neo4jSettings

__all__ = ["Settings", "SettingsError", "get_settings", "load_settings", "MIN_API_KEY_LENGTH"]

#: Shorter keys are guessable; refusing them at start beats a weak deployment.
MIN_API_KEY_LENGTH = 16

CommaList = Annotated[tuple[str, ...], NoDecode]

#: URI schemes the Neo4j driver accepts; anything else is a typo worth stopping for.
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class SettingsError(MlpathError, ValueError):
    """One or more settings are invalid; ``problems`` holds ``(variable, why)`` pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = tuple(problems)
        lines = [f"{variable}: {why}" for variable, why in self.problems]
        super().__init__("invalid setting" + ("s" if len(lines) > 1 else "") + ":\n  " + "\n  ".join(lines))


def _neo4j(name: str):
    """A field read from ``NEO4J_<NAME>`` instead of the ``MLPATH_`` prefix."""
    return AliasChoices(f"NEO4J_{name}", f"neo4j_{name.lower()}")


class Settings(BaseSettings):
    """Every knob of ``mlpath serve``; defaults suit a laptop."""

    model_config = SettingsConfigDict(env_prefix="MLPATH_", frozen=True, extra="ignore", populate_by_name=True)

    graph: str | None = Field(default=None, description="Seed directory or interchange JSON file; default: the bundled seed_data/.")
    api_keys: CommaList = Field(default=(), description="Comma-separated keys accepted by POST /v1/cypher.")
    cors_origins: CommaList = Field(default=(), description="Comma-separated origins allowed by CORS; '*' allows any.")
    max_body_bytes: int = Field(default=64 * 1024, ge=1, description="Largest accepted request body.")
    plan_time_limit: float = Field(default=10.0, gt=0, le=300, description="Seconds the exact planner may search before giving up.")
    plan_cache_size: int = Field(default=256, ge=0, le=100_000, description="Plans of recent distinct requests kept in memory; 0 disables.")
    plan_concurrency: int = Field(default=2, ge=1, le=64, description="Plans solved at the same time; more requests wait their turn.")
    cypher_timeout: float = Field(default=5.0, gt=0, le=300, description="Transaction timeout of one Cypher query, in seconds.")
    cypher_row_limit: int = Field(default=1000, ge=1, le=100_000, description="Rows returned by one Cypher query at most.")
    cypher_max_bytes: int = Field(default=4 * 1024 * 1024, ge=1024, le=256 * 1024 * 1024,
                                  description="About how many bytes of JSON one Cypher answer may hold; rows past it are left out.")
    cypher_concurrency_per_key: int = Field(default=2, ge=1, le=64, description="Cypher queries one API key may run at once.")
    cypher_requests_per_minute: int = Field(default=60, ge=1, le=100_000, description="Cypher queries one API key may send a minute.")
    cypher_burst: int = Field(default=10, ge=1, le=10_000, description="Cypher queries one API key may send at once after a quiet spell.")
    cypher_seconds_per_minute: float = Field(default=30.0, gt=0, le=3600,
                                             description="Seconds of Cypher query time one API key may use a minute.")
    cypher_concurrency: int = Field(default=4, ge=1, le=256, description="Cypher queries all keys together may run at once.")
    neo4j_check_timeout: float = Field(default=2.0, gt=0, le=60, description="Seconds to wait for Neo4j when connecting and in /ready.")
    data_dir: Path = Field(default_factory=default_data_dir, description="Where the embedded learner store lives; default: the user's data directory.")
    learner_store: Literal["auto", "embedded", "neo4j"] = Field(
        default="auto", description="Where learners live: 'auto' is Neo4j when NEO4J_URI is set, else the embedded store.")
    learner_create_limit: int = Field(default=20, ge=1, le=100_000, description="Learners one client address may create (or import) per window.")
    learner_create_window: float = Field(default=3600.0, gt=0, le=86_400 * 7, description="Seconds of the creation rate-limit window.")

    neo4j_uri: str | None = Field(default=None, validation_alias=_neo4j("URI"))
    neo4j_user: str = Field(default="neo4j", validation_alias=_neo4j("USER"))
    neo4j_password: SecretStr = Field(default=SecretStr(""), validation_alias=_neo4j("PASSWORD"))
    neo4j_database: str = Field(default="neo4j", validation_alias=_neo4j("DATABASE"))

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("api_keys")
    @classmethod
    def _keys_are_long(cls, keys: tuple[str, ...]) -> tuple[str, ...]:
        short = [i + 1 for i, key in enumerate(keys) if len(key) < MIN_API_KEY_LENGTH]
        if short:
            raise ValueError(f"API key(s) number {', '.join(map(str, short))} are shorter than {MIN_API_KEY_LENGTH} characters")
        return keys

    @field_validator("graph", "neo4j_uri", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("neo4j_uri")
    @classmethod
    def _uri_has_a_neo4j_scheme(cls, uri: str | None) -> str | None:
        if uri is not None and uri.strip().partition("://")[0].lower() not in NEO4J_SCHEMES:
            raise ValueError(f"{uri!r} is not a Neo4j URI: it must start with one of {', '.join(s + '://' for s in NEO4J_SCHEMES)}")
        return uri.strip() if uri else uri

    @property
    def neo4j(self) -> Neo4jSettings | None:
        """What a driver is built from, or ``None`` when ``NEO4J_URI`` is unset."""
        if not self.neo4j_uri:
            return None
        return Neo4jSettings(uri=self.neo4j_uri, user=self.neo4j_user, password=self.neo4j_password,
                             database=self.neo4j_database, timeout=self.neo4j_check_timeout)


def load_settings() -> Settings:
    """The settings in the environment now; :class:`SettingsError` names every bad one."""
    try:
        return Settings()
    except ValidationError as exc:
        raise SettingsError([(_variable(error["loc"]), error["msg"].removeprefix("Value error, "))
                             for error in exc.errors(include_url=False)]) from None


@lru_cache
def get_settings() -> Settings:
    """The settings of this process, read from the environment once."""
    return load_settings()


def _variable(loc: tuple) -> str:
    """The environment variable behind a validation error's location."""
    name = str(loc[0]) if loc else "?"
    field = Settings.model_fields.get(name)
    if field is not None and isinstance(field.validation_alias, AliasChoices):
        return str(field.validation_alias.choices[0])
    return name.upper() if name.upper().startswith("NEO4J_") else f"MLPATH_{name.upper()}"
