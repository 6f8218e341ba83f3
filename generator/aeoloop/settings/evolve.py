"""Options of the evolve loop, under ``plugins: - aeoloop: evolve:`` in mkdocs.yml.

Part of the settings (the config layer): reading them never imports the evolve package, DuckDB
or numpy.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["EvolveOptions"]


class EvolveOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _one_budget(cls, data: Any) -> Any:
        if isinstance(data, dict) and "max_calls" in data:
            raise ValueError(
                "evolve.max_calls is gone: a build has one call budget, plugins.aeoloop.llm.max_calls "
                "(the plan and the llm backend count it the same way); move the value there"
            )
        return data

    ingest_on_build: bool = Field(True, description="ingest new files in reports_dir at the start of every build")
    max_pages: int | None = Field(
        None, ge=0, description="pages a build may regenerate because of the plan (new or changed pages always are)"
    )
    host_aliases: list[str] = Field(
        default_factory=list,
        description="other hosts that serve this site (the site_url host, with and without www., always counts)",
    )
    window_days: int = Field(28, ge=7, le=365, description="days of traffic and citations the plan looks at")
    trend_days: int = Field(
        14, ge=7, le=182, description="length of each of the two periods compared for citation trends"
    )
    stale_after_days: int = Field(
        180, ge=7, le=3650, description="a page not updated for this long starts to count as stale"
    )
    engine_lag_days: int = Field(
        14,
        ge=0,
        le=182,
        description=(
            "days a page regenerated for the plan waits for answer engines to re-crawl and re-answer before the same "
            "losses (citations, competitors, anomalies) can rank it again, unless they grew; 0 turns the wait off. "
            "The default, the trend window, lets the recent period hold only days after the regeneration"
        ),
    )
