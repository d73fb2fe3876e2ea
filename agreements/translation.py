"""The city's own text in agreements, in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from agreements.models import CityDecision


@register(CityDecision)
class CityDecisionTranslation(TranslationOptions):
    fields = ("reasons",)
