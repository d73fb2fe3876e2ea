"""The city's official answers to ideas, in Finnish, Swedish and English (django-modeltranslation).

Residents' own texts (an idea's title and body) are not translated: they stay in the language the
resident wrote them in (`Idea.language`).
"""

from modeltranslation.translator import TranslationOptions, register

from ideas.models import Department, Idea, IdeaStatusChange


@register(Idea)
class IdeaTranslation(TranslationOptions):
    fields = ("official_answer", "official_answer_html")


@register(IdeaStatusChange)
class IdeaStatusChangeTranslation(TranslationOptions):
    fields = ("answer", "answer_html")


@register(Department)
class DepartmentTranslation(TranslationOptions):
    fields = ("name",)
