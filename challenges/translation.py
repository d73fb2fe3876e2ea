"""The city's texts of a challenge, in Finnish, Swedish and English (django-modeltranslation).

Publishing needs every required language (`OFFICIAL_LANGUAGES_REQUIRED`) of the texts that are
filled in; see `challenges.services.challenge_publish_problems`.
"""

from modeltranslation.translator import TranslationOptions, register

from challenges.models import Challenge, Criterion

# The texts a published challenge must have in each required language, and the optional ones
# that, once written in one language, must be written in each required language too.
CHALLENGE_TEXTS = ("title", "summary", "description")
CHALLENGE_OPTIONAL_TEXTS = ("site", "offers_data", "offers_sites", "offers_staff", "eligibility")
CRITERION_TEXTS = ("name", "description")


@register(Challenge)
class ChallengeTranslation(TranslationOptions):
    fields = (*CHALLENGE_TEXTS, "description_html", *CHALLENGE_OPTIONAL_TEXTS)


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = CRITERION_TEXTS
