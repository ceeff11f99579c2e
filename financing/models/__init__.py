"""Participatory financing: campaigns that citizens fund and the public company matches."""

from .campaigns import BudgetLine, CampaignIndexPage, CampaignPage, RewardTier
from .interest import InterestExpression
from .loans import LoanInstalment, Repayment
from .matching import MatchingEnvelope
from .payments import Payment
from .pledges import CampaignTally, Pledge
from .settings import FinancingSettings
from .updates import CampaignFollow, CampaignUpdate

__all__ = [
    "BudgetLine",
    "CampaignFollow",
    "CampaignIndexPage",
    "CampaignPage",
    "CampaignTally",
    "CampaignUpdate",
    "FinancingSettings",
    "InterestExpression",
    "LoanInstalment",
    "MatchingEnvelope",
    "Payment",
    "Pledge",
    "Repayment",
    "RewardTier",
]
