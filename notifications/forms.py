from django import forms

from notifications.kinds import KINDS, Frequency


class PreferencesForm(forms.Form):
    """One choice per kind of notification: how often it comes by email."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for key, kind in KINDS.items():
            self.fields[key] = forms.ChoiceField(
                label=kind.label, choices=Frequency.CHOICES, initial=current.get(key, kind.default)
            )
