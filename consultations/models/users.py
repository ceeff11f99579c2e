from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

DELETED_PARTICIPANT_DOMAIN = "deleted.invalid"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    class VerificationMethod(models.TextChoices):
        LETTER_CODE = "letter_code", _("Code received by post")
        DESK = "desk", _("Checked in person at a desk")
        IDENTITY_PROVIDER = "identity_provider", _("Trusted identity provider")

    username = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("Shown publicly next to your contributions instead of your email address."),
    )
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    neighbourhood = models.CharField(_("neighbourhood"), max_length=100, blank=True)
    is_verified_resident = models.BooleanField(_("verified resident"), default=False)
    # Kept on the account, which every request reads anyway, so that checking it costs nothing;
    # the sanctions themselves (why, by whom, lifted or not) are Sanction rows.
    suspended_until = models.DateTimeField(_("may not take part until"), null=True, blank=True)
    resident_verified_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    resident_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resident_verification_method = models.CharField(
        _("verification method"), max_length=20, choices=VerificationMethod.choices, blank=True
    )
    deleted_at = models.DateTimeField(_("account deleted on"), null=True, blank=True)
    inactivity_warned_at = models.DateTimeField(
        _("warned of deletion for inactivity on"), null=True, blank=True
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(is_verified_resident=False)
                | models.Q(resident_verified_at__isnull=False),
                name="user_verified_resident_has_date",
            ),
        ]
        permissions = [
            # Role permissions that span every consultation, granted to groups by migration.
            ("view_results", _("Can read results and synthesis")),
            ("export_results", _("Can export results")),
            ("export_named", _("Can export proposals with their authors' names")),
            ("verify_resident", _("Can verify a resident")),
        ]

    def __str__(self):
        return self.public_name

    @property
    def public_name(self):
        """The name shown next to contributions: the pseudonym the citizen chose, else a number.
        Never the email address, and never the first and last names, which the profile promises
        are not shown publicly."""
        if self.deleted_at:
            return str(_("deleted participant"))
        if self.display_name:
            return self.display_name
        return str(_("Participant #%(number)s") % {"number": self.pk})

    def get_short_name(self):
        return self.public_name


class LoginEvent(models.Model):
    """One successful sign-in; kept for the account's security history and the my-data download."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_events"
    )
    logged_in_at = models.DateTimeField(_("signed in at"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        ordering = ["-logged_in_at"]
        indexes = [models.Index(fields=["user", "-logged_in_at"])]

    def __str__(self):
        return f"{self.user_id} @ {self.logged_in_at:%Y-%m-%d %H:%M}"


class Consent(models.Model):
    class Kind(models.TextChoices):
        TERMS = "terms", _("Terms of use and privacy policy")
        NOTIFICATIONS = "notifications", _("Email notifications")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("consent"), max_length=20, choices=Kind.choices)
    given_at = models.DateTimeField(_("given on"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    document_version = models.CharField(_("document version"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["given_at"]
        indexes = [models.Index(fields=["user", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.given_at:%Y-%m-%d})"
