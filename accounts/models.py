"""People, their roles, and the organizations they act for."""

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.business_id import validate_business_id
from portal.uploads import UploadField


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. They sign in with their email address.

    Roles: every signed-in person is a resident; an administrator grants the official and
    moderator roles, and the administrator role itself (`is_superuser`, which also opens the Django
    admin). Evaluators are appointed per challenge, and organization roles live on memberships.
    """

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, help_text=_("Shown with what you write."))
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the pages and of the emails you get."),
    )
    is_official = models.BooleanField(
        _("city official"),
        default=False,
        help_text=_("Curates challenges, answers ideas and decides on pilots."),
    )
    is_moderator = models.BooleanField(
        _("moderator"), default=False, help_text=_("Works the moderation queue.")
    )
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Can log in to the admin site.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Set when the person deleted their account: the row stays, anonymized, so what they did
    # (votes, kept contributions) still adds up.
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.deleted_at:
            return gettext("Deleted user")
        return self.name or self.email.split("@")[0]

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser

    def has_perm(self, perm: str, obj=None) -> bool:
        """The portal's rules answer for everyone, administrators too; other permissions as Django.

        Django says yes to an active superuser for every permission without asking. The rules say
        where administrators may act (`accounts.rules.is_administrator`): an administrator is on no
        pilot's team, so the pages must not offer them what the services refuse.
        """
        if rules.perm_exists(perm):
            return rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.display_name


class Organization(models.Model):
    """A company or startup, community, research group or public body that takes part."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company or startup")
        COMMUNITY = "community", _("Community or association")
        RESEARCH = "research", _("Research group")
        PUBLIC = "public", _("Public body")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    business_id = models.CharField(
        _("business ID"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("The Finnish business ID (Y-tunnus), if the organization has one."),
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    website = models.URLField(_("website"), blank=True)
    # Re-encoded without metadata by portal.uploads; shown with the organization's name as its text.
    logo = UploadField(_("logo"), upload_to="organizations/", default="", db_default="")
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organizations"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["business_id"],
                condition=~models.Q(business_id=""),
                name="accounts_organization_business_id_unique",
                violation_error_message=_("An organization with this business ID is already registered."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organization_detail", kwargs={"slug": self.slug})

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class Membership(models.Model):
    """A person's place in an organization. Administrators edit it and manage its members."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        ordering = ["joined_at"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="accounts_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class Invitation(models.Model):
    """An invitation, sent by email, to join an organization.

    The link in the email carries a token signed with the site's secret (see
    `accounts.services.invitation_token`), so nothing secret is stored here.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"), max_length=8, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The language of the email: the invitee's own if they have an account, else the inviter's.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("email sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # At most one open invitation per address and organization.
            models.UniqueConstraint(
                Lower("email"),
                "organization",
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="accounts_invitation_one_open_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class DataExport(models.Model):
    """A person's request for all their data, prepared as a JSON file by a Celery task.

    The file is kept outside the public media folder and served only to its owner.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    file_name = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self) -> str:
        return gettext("Your data download")

    def get_absolute_url(self) -> str:
        return reverse("my_data")

    @property
    def file_path(self):
        """Where the prepared file lies, outside the public media folder."""
        return settings.PRIVATE_ROOT / "exports" / self.file_name
