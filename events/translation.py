"""The city's own texts of events, in Finnish, Swedish and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from events.models import Event, Question


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "accessibility", "report")


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("text",)
