from zeroharm.rewards.models.records import Evidence, RewardPenalty
from zeroharm.rewards.models.rules import RuleSettings

__all__ = ["Evidence", "RewardPenalty", "RuleSettings"]
