"""Force posture: reported build-ups and withdrawals, with numbers where the words allow."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import Field, model_validator

from crisis_timeline.events.common import ActorId, Fact, Text, check_range, stream_of
from crisis_timeline.events.registry import adding, registry
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
    claim: str | None = Field(default=None, pattern=stream_of("claim"))
    """The claim stream this report rests on, when it is a claim others may dispute."""

    @model_validator(mode="after")
    def _ordered(self) -> _ForceReport:
        check_range(self.low, self.high)
        return self


@registry.register("ForceBuildUpReported")
class ForceBuildUpReported(_ForceReport):
    """Forces were massed or reinforced."""


class WithdrawalStage(StrEnum):
    ANNOUNCED = "announced"
    """Said to be coming or under way ("would be pulling back"): expected, not seen."""
    OBSERVED = "observed"
    """Seen done (satellite images, officials on the ground)."""


@registry.register("ForceWithdrawalReported", version=2)
class ForceWithdrawalReported(_ForceReport):
    """Forces were (said to be) pulled back."""

    stage: WithdrawalStage | None = None


registry.upcaster("ForceWithdrawalReported", 1)(adding(stage=None))  # v2: stage
