"""A pilot's public texts and the results the city publishes, in Finnish, Swedish and English
(django-modeltranslation). A proposal is written by its team in one language; the texts that are
public once the pilot runs (title, summary) and its results (learnings) are published in each
required language (see `pilots.services.pilot_publish_results`)."""

from modeltranslation.translator import TranslationOptions, register

from pilots.models import Pilot

PILOT_PUBLIC_TEXTS = ("title", "summary")
PILOT_RESULT_TEXTS = ("learnings",)


@register(Pilot)
class PilotTranslation(TranslationOptions):
    fields = (*PILOT_PUBLIC_TEXTS, "learnings", "learnings_html")
