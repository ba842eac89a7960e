"""Configuration of the HTTP API, read from the environment.

One :class:`Settings` object, built on first use by :func:`get_settings` and
never at import time, so tests can build their own and pass it to
``create_app(settings)``.  Neo4j settings keep the names Neo4j users already
know (``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``);
everything else is prefixed ``MLPATH_``.  ``docs/api.md`` lists them all.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graph.learner_store import default_data_dir

__all__ = ["Settings", "get_settings", "MIN_API_KEY_LENGTH"]

#: Shorter keys are guessable; refusing them at start beats a weak deployment.
MIN_API_KEY_LENGTH = 16

CommaList = Annotated[tuple[str, ...], NoDecode]


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


@lru_cache
def get_settings() -> Settings:
    """The settings of this process, read from the environment once."""
    return Settings()
