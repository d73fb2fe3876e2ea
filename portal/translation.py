"""Translated fields of the shared reference data (django-modeltranslation).

The goals' names are interface words (`GoalChoice`, translated in the catalogues); the districts'
names are the city's official names in each language (`portal/data/`, from the city's open data).
"""

from modeltranslation.translator import TranslationOptions, register

from portal.models import District


@register(District)
class DistrictTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("fi", "sv")
