"""Force posture: reported build-ups and withdrawals, with numbers where the words allow."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator

from crisis_timeline.events.common import ActorId, Fact, Text
from crisis_timeline.events.registry import registry
from crisis_timeline.time import PartialTime


class _ForceReport(Fact):
    """A reported size of a force somewhere; low/high are None where the words give no number."""

    actor_fields: ClassVar[tuple[str, ...]] = ("actor",)

    actor: ActorId
    location: Text
    size_text: Text
    low: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)
    unit: Text = "troops"
    period: PartialTime | None = None
    claim: str | None = Field(default=None, pattern=r"^claim/[^\s/]\S*$")
    """The claim stream this report rests on, when it is a claim others may dispute."""

    @model_validator(mode="after")
    def _ordered(self) -> _ForceReport:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("low must not exceed high")
        return self


@registry.register("ForceBuildUpReported")
class ForceBuildUpReported(_ForceReport):
    """Forces were massed or reinforced."""


@registry.register("ForceWithdrawalReported")
class ForceWithdrawalReported(_ForceReport):
    """Forces were (said to be) pulled back."""
