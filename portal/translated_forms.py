"""Forms for the city's translated content: one field per language for each translated text.

    class ChallengeForm(TranslatedFormMixin, forms.ModelForm):
        translated_fields = ("title", "summary")
        class Meta:
            fields = [*localized_fields("title", "summary"), "department"]

Each `title_fi`, `title_sv`, `title_en` is labelled "Title (Finnish)"…, takes the base field's
widget and help text, and is optional in the form: which languages a text needs is decided when
the content is published (`portal.translated.require_languages`), so a draft can be saved in one
language first. In a template, `{% include "components/translated_field.html" with form=form name="title" %}`
shows the languages of one text together in a fieldset.
"""

import copy

from django.utils.translation import gettext_lazy as _

from portal import translated


def localized_fields(*fields: str) -> list[str]:
    """The per-language form fields of the given texts, in the form's order (fi, sv, en)."""
    return [translated.localized(field, code) for field in fields for code in translated.content_languages()]


class TranslatedFormMixin:
    translated_fields: tuple[str, ...] = ()
    # Texts that cannot be empty in every language, even in a draft.
    translated_required: tuple[str, ...] = ()
    # Widgets and help texts for the base names, shared by every language's field.
    translated_widgets: dict = {}
    translated_help: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        required = set(translated.required_languages())
        for field in self.translated_fields:
            base = model._meta.get_field(field)
            for code in translated.content_languages():
                name = translated.localized(field, code)
                if name not in self.fields:
                    continue
                form_field = self.fields[name]
                form_field.label = translated.label_in(str(base.verbose_name).capitalize(), code)
                form_field.required = False
                if field in self.translated_widgets:
                    form_field.widget = copy.deepcopy(self.translated_widgets[field])
                form_field.widget.attrs["lang"] = code
                if code == translated.content_languages()[0]:
                    form_field.help_text = self.translated_help.get(field, base.help_text)
                elif code in required:
                    form_field.help_text = _("Needed before publishing.")
                else:
                    form_field.help_text = _("Optional.")

    def clean(self):
        cleaned = super().clean()
        for field in self.translated_required:
            names = localized_fields(field)
            if not any((cleaned.get(name) or "").strip() for name in names if name in self.fields):
                label = self._meta.model._meta.get_field(field).verbose_name
                self.add_error(
                    names[0], _("Write the %(field)s in at least one language.") % {"field": label}
                )
        return cleaned

    def translated_group(self, field: str) -> list:
        """The bound fields of one text, one per language."""
        return [self[name] for name in localized_fields(field) if name in self.fields]
