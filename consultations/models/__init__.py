from .comments import Comment, CommentUpvote
from .counters import RateCount
from .decisions import BoardDecision, DecisionNotice, ImplementationUpdate
from .exports import ExportFile
from .funding import FundingOverride
from .moderation import Appeal, ModerationReason, ModerationSettings, Report, Sanction
from .open_data import OpenDataSettings
from .opinions import OpinionResult, OpinionRound, Statement, StatementVote
from .notifications import Follow, NotificationPreferences, PhaseNotice
from .pages import (
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationPageTag,
    ImplementationIndexPage,
    LocalProjectPage,
)
from .places import Facility, Neighbourhood
from .proposals import Proposal, TaggedProposal
from .synthesis import SynthesisPage, SynthesisSnapshot
from .users import Consent, LoginEvent, User, UserManager
from .verification import ResidentCode, ResidentCodeBatch, ResidentVerificationEvent
from .votes import Ballot, BallotChoice, Support

__all__ = [
    "Appeal",
    "Ballot",
    "BallotChoice",
    "BoardDecision",
    "Comment",
    "CommentUpvote",
    "Consent",
    "DecisionNotice",
    "ExportFile",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationPageTag",
    "Facility",
    "Follow",
    "FundingOverride",
    "ImplementationIndexPage",
    "ImplementationUpdate",
    "LocalProjectPage",
    "LoginEvent",
    "ModerationReason",
    "ModerationSettings",
    "Neighbourhood",
    "NotificationPreferences",
    "OpenDataSettings",
    "OpinionResult",
    "OpinionRound",
    "PhaseNotice",
    "Proposal",
    "RateCount",
    "Report",
    "ResidentCode",
    "ResidentCodeBatch",
    "ResidentVerificationEvent",
    "Sanction",
    "Statement",
    "StatementVote",
    "Support",
    "SynthesisPage",
    "SynthesisSnapshot",
    "TaggedProposal",
    "User",
    "UserManager",
]
