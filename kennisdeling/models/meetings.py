"""Consultation meetings between the Vrijwilligerspunt and the departments."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Meeting", "MeetingDecision"]


class Meeting(models.Model):
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda (Markdown)"), blank=True)
    agenda_html = models.TextField(_("agenda (HTML)"), blank=True, editable=False)
    minutes = models.TextField(_("minutes (Markdown)"), blank=True)
    minutes_html = models.TextField(_("minutes (HTML)"), blank=True, editable=False)
    departments = models.ManyToManyField(
        "beleid.Department",
        verbose_name=_("departments that took part"),
        related_name="meetings",
        blank=True,
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consultation meeting")
        verbose_name_plural = _("consultation meetings")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.CharField(_("decision"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "order", "id"]

    def __str__(self):
        return self.text
