"""Forms for ideas. They parse input; `ideas.services` decides."""

from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from ideas.models import Idea
from ideas.selectors import SORTS, challenges_taking_ideas
from ideas.services import ANSWER_STATUSES
from portal import translated
from portal.models import District, Goal
from portal.uploads import image_form_field


class IdeaForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        error_messages={"required": _("Give your idea a title.")},
        help_text=_("A short sentence that says what you propose."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=_("Description"),
        max_length=10000,
        error_messages={"required": _("Describe your idea: what should change, for whom, and why.")},
        help_text=_("What should change, for whom, and why? Markdown is supported: **bold**, lists, links."),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    language = forms.ChoiceField(
        label=_("Written in"),
        choices=settings.LANGUAGES,
        help_text=_("The language you write the idea in. It is shown with the idea."),
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Espoo Story goals"),
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Which goals of the city strategy would the idea serve?"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("The whole city"),
    )
    challenge = forms.ModelChoiceField(
        label=_("Challenge"),
        queryset=Challenge.objects.none(),
        required=False,
        empty_label=_("No challenge: a free-standing idea"),
        help_text=_("Only challenges that take ideas right now are listed."),
    )
    coauthors = forms.CharField(
        label=_("Co-authors"),
        required=False,
        max_length=1000,
        help_text=_(
            "Email addresses of people with an account here, separated by commas. "
            "They become co-authors when they accept."
        ),
    )

    image = image_form_field(_("Image file"))
    image_alt = forms.CharField(
        label=_("What the image shows"),
        required=False,
        max_length=250,
        help_text=_("In a sentence, for people who cannot see the image. Needed with an image."),
    )
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)

    def __init__(self, *args, editing: bool = False, has_image: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["challenge"]
            del self.fields["coauthors"]
        else:
            self.fields["challenge"].queryset = challenges_taking_ideas()
        if has_image:
            self.fields["image"].label = _("Replace the image")
        else:
            del self.fields["remove_image"]

    def coauthor_emails(self) -> list[str]:
        raw = self.cleaned_data.get("coauthors", "")
        return [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]


def _choices_with_all(label, choices):
    return [("", label), *choices]


class IdeaFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    goal = forms.ChoiceField(label=_("Goal"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    challenge = forms.ChoiceField(label=_("Challenge"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_choices_with_all(_("Any status"), Idea.Status.choices),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=_choices_with_all(_("Relevance or newest"), list(SORTS.items())),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = _choices_with_all(
            _("Any goal"), [(g.slug, g.name) for g in Goal.objects.all()]
        )
        self.fields["district"].choices = _choices_with_all(
            _("Any district"), [(d.slug, d.name) for d in District.objects.all()]
        )
        self.fields["challenge"].choices = _choices_with_all(
            _("Any challenge"),
            [
                (c.slug, c.title)
                for c in Challenge.objects.published()
                .filter(Exists(Idea.objects.filter(challenge=OuterRef("pk"))))
                .only("slug", "title")
                .order_by("title")
            ],
        )


class AnswerForm(forms.Form):
    """The status and the public answer, written in each of the city's languages."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[(s, Idea.Status(s).label) for s in ANSWER_STATUSES]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required = translated.required_languages()
        for code in translated.content_languages():
            self.fields[translated.localized("answer", code)] = forms.CharField(
                label=translated.label_in(_("Public answer"), code),
                max_length=5000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code}),
                help_text=_("Shown on the idea's page and in its history. Markdown is supported.")
                if code == translated.content_languages()[0]
                else (_("Needed before publishing.") if code in required else _("Optional.")),
            )

    def answer_fields(self) -> dict:
        """The cleaned values as keyword arguments for `idea_answer`."""
        return {
            "status": self.cleaned_data["status"],
            "answer": {
                code: self.cleaned_data.get(translated.localized("answer", code), "")
                for code in translated.content_languages()
            },
        }


class MergeForm(forms.Form):
    original = forms.IntegerField(
        label=_("Number of the original idea"),
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("The number in the original idea's address: 12 for …/ideas/12/."),
    )
    answer = forms.CharField(
        label=_("Note to show on this idea"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class UpdateForm(forms.Form):
    body = forms.CharField(
        label=_("Update"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the update before you post it.")},
        help_text=_("What happened since? Markdown is supported."),
    )


class CoauthorInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the co-author"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
