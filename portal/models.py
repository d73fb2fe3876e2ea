"""Reference data shared by every app: the Espoo Story goals and the city's districts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GoalChoice(models.TextChoices):
    """The four goals of the Espoo Story, the city strategy every challenge and idea serves."""

    HEALTH = "health", _("Health")
    SUSTAINABILITY = "sustainability", _("Sustainability")
    PARTICIPATION = "participation", _("Participation")
    VITALITY = "vitality", _("Vitality")


class Goal(models.Model):
    """One Espoo Story goal as a row, so challenges and ideas can link to and filter by goals.

    The four rows are created by a migration; their names come from `GoalChoice`, translated.
    """

    slug = models.SlugField(_("slug"), primary_key=True, max_length=20, choices=GoalChoice.choices)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("Espoo Story goal")
        verbose_name_plural = _("Espoo Story goals")

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self):
        return GoalChoice(self.slug).label


class District(models.Model):
    """One of Espoo's seven major districts, with its population for participation comparisons."""

    code = models.PositiveSmallIntegerField(_("code"), unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    # Translated (portal/translation.py): name_fi, name_sv and name_en hold the official names;
    # reading `name` gives the reader's language.
    name = models.CharField(_("name"), max_length=80)
    population = models.PositiveIntegerField(_("population"))
    population_date = models.DateField(_("population counted on"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class AuditEntry(models.Model):
    """One official decision, kept for accountability: who did what to which item, and when.

    Written by the services that make such decisions (role grants, verifications, publications,
    reviews, selections, idea answers, merges, moderation). Administrators read it in the Django
    admin; nothing in the portal edits or deletes it.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "accounts.User",
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    actor_name = models.CharField(_("who (name at the time)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    target_type = models.CharField(_("item type"), max_length=60, blank=True)
    target_id = models.PositiveBigIntegerField(_("item id"), null=True, blank=True)
    target_label = models.CharField(_("item"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.action} {self.target_label}"
