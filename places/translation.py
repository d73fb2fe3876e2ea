"""The place's official texts in Finnish, Swedish and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from places.models import Place, PlacePhoto


@register(Place)
class PlaceTranslationOptions(TranslationOptions):
    fields = (
        "name",
        "summary",
        "description",
        "address",
        "opening_hours",
        "accessibility",
        "offers",
        "rules",
    )


@register(PlacePhoto)
class PlacePhotoTranslationOptions(TranslationOptions):
    fields = ("alt_text",)
