from .users import Consent, LoginEvent, User, UserManager

__all__ = ["Consent", "LoginEvent", "User", "UserManager"]
