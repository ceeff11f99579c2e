"""Participatory financing: campaigns that citizens fund and the public company matches."""

from .campaigns import BudgetLine, CampaignIndexPage, CampaignPage, RewardTier
from .matching import MatchingEnvelope
from .payments import Payment
from .pledges import CampaignTally, Pledge
from .settings import FinancingSettings

__all__ = [
    "BudgetLine",
    "CampaignIndexPage",
    "CampaignPage",
    "CampaignTally",
    "FinancingSettings",
    "MatchingEnvelope",
    "Payment",
    "Pledge",
    "RewardTier",
]
