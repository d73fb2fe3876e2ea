"""Idea pages: the list, an idea with its discussion, proposing and editing, and officials' tools."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagement import selectors as engagement_selectors
from engagement.forms import CommentForm
from ideas import answer_selectors, selectors, services
from ideas.forms import AnswerForm, CoauthorInviteForm, IdeaFilterForm, IdeaForm, MergeForm, UpdateForm
from ideas.models import Idea
from portal.forms import add_service_errors
from portal.htmx import is_htmx
from portal.paginator import RememberingPaginator
from portal.rate_limits import RateLimited, refused_for_now

IDEAS_PER_PAGE = 20


def idea_list(request):
    form = IdeaFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    ideas = selectors.idea_list(
        query=filters.get("q", ""),
        goal=filters.get("goal", ""),
        district=filters.get("district", ""),
        challenge=filters.get("challenge", ""),
        status=filters.get("status", ""),
        sort=filters.get("sort", ""),
    )
    page = RememberingPaginator(ideas, IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "ideas/idea_list.html", {"page": page, "filter_form": form, "filters": filters})


def _get_idea(request, pk) -> Idea:
    try:
        idea = selectors.idea_for_page(pk=pk)
    except Idea.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("ideas.view_idea", idea):
        raise Http404
    return idea


def _detail_context(request, idea, **forms):
    user = request.user
    context = {
        "idea": idea,
        "engagement": engagement_selectors.engagement_state(viewer=user, target=idea),
        "thread": engagement_selectors.comment_thread(
            viewer=user, target=idea, sort=request.GET.get("comments", "oldest")
        ),
        "comment_sort": request.GET.get("comments", "oldest"),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "label": "ideas.idea",
        "target": idea,
        "next": request.get_full_path() if request.method == "GET" else idea.get_absolute_url(),
        "is_author": idea.is_author(user),
        "can_edit": user.has_perm("ideas.change_idea", idea) and not idea.is_locked,
        "invitation": None,
        "promoted_url": None,
        "promise": answer_selectors.promise_of(idea),
        "trail": answer_selectors.idea_trail(idea),
    }
    context["policy"] = context["engagement"].policy
    if user.is_authenticated:
        context["invitation"] = next(
            (c for c in idea.coauthorships.all() if c.user_id == user.pk and not c.is_accepted), None
        )
    if context["is_author"] and idea.is_locked:
        context["update_form"] = forms.get("update_form") or UpdateForm()
    if user.has_perm("ideas.invite_coauthor", idea):
        context["invite_form"] = forms.get("invite_form") or CoauthorInviteForm()
    if user.has_perm("ideas.answer_idea", idea) and not idea.is_merged:
        context["answer_form"] = forms.get("answer_form") or AnswerForm(initial={"status": idea.status})
        context["merge_form"] = forms.get("merge_form") or MergeForm()
    if idea.promoted_challenge and user.has_perm("challenges.view_challenge", idea.promoted_challenge):
        try:
            context["promoted_url"] = idea.promoted_challenge.get_absolute_url()
        except NoReverseMatch:  # the challenge pages are not wired in this build
            context["promoted_url"] = None
    return context


@login_required
def answer_queue(request):
    """An official's queue: the ideas her departments have promised to answer, earliest first."""
    if not request.user.has_perm("ideas.view_answer_queue"):
        raise PermissionDenied
    queue = list(answer_selectors.answer_queue(user=request.user))
    today = timezone.localdate()
    return render(request, "ideas/answer_queue.html", {"queue": queue, "today": today})


def idea_detail(request, pk):
    idea = _get_idea(request, pk)
    return render(request, "ideas/idea_detail.html", _detail_context(request, idea))


def _rerender(request, idea, **forms):
    idea = _get_idea(request, idea.pk)
    return render(request, "ideas/idea_detail.html", _detail_context(request, idea, **forms), status=400)


def _form_kwargs(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "body": data["body"],
        "language": data["language"],
        "goals": data["goals"],
        "district": data["district"],
        "image": data["image"],
        "image_alt": data["image_alt"],
    }


@login_required
def idea_create(request):
    if not request.user.has_perm("ideas.add_idea"):
        raise PermissionDenied
    initial = {"language": request.user.language, "title": request.GET.get("title", "")}
    challenge_slug = request.GET.get("challenge")
    if challenge_slug:
        # Linked from a challenge's page: ?challenge=<slug> picks it, if it takes ideas now.
        initial["challenge"] = selectors.challenges_taking_ideas().filter(slug=challenge_slug).first()
    form = IdeaForm(request.POST or None, request.FILES or None, initial=initial)
    similar = []
    status = 200
    limited = None
    if request.method == "POST":
        if "check_similar" in request.POST:
            # Without JavaScript: show similar ideas, keep everything typed, save nothing.
            typed = {
                name: request.POST.getlist(name) if name == "goals" else request.POST.get(name, "")
                for name in IdeaForm.base_fields
            }
            similar = selectors.similar_ideas(title=typed["title"])
            context = {"form": IdeaForm(initial=typed), "similar": similar, "checked_similar": True}
            return render(request, "ideas/idea_form.html", context)
        if form.is_valid():
            try:
                idea = services.idea_create(
                    actor=request.user,
                    challenge=form.cleaned_data["challenge"],
                    coauthor_emails=form.coauthor_emails(),
                    **_form_kwargs(form),
                )
            except RateLimited as error:
                form.add_error(None, error)
                limited = error
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                messages.success(
                    request, _("Your idea is published. You follow it and hear when people react.")
                )
                return redirect(idea)
        else:
            status = 400
        similar = selectors.similar_ideas(title=request.POST.get("title", ""))
    page = render(request, "ideas/idea_form.html", {"form": form, "similar": similar}, status=status)
    return refused_for_now(page, limited) if limited else page


def idea_similar(request):
    """Similar existing ideas for the title being typed: a fragment for htmx, else a page."""
    title = request.GET.get("title", "")
    similar = selectors.similar_ideas(title=title)
    context = {"similar": similar, "title": title, "checked_similar": bool(title.strip())}
    if is_htmx(request):
        return render(request, "ideas/_similar.html", context)
    return render(request, "ideas/similar.html", context)


@login_required
def idea_edit(request, pk):
    idea = _get_idea(request, pk)
    if not request.user.has_perm("ideas.change_idea", idea):
        raise PermissionDenied
    if idea.is_locked:
        messages.info(
            request,
            _("People have already voted or commented on this idea, so its text stays as they saw it. "
              "Add an update below the idea instead."),
        )  # fmt: skip
        return redirect(idea)
    initial = {
        "title": idea.title,
        "body": idea.body,
        "language": idea.language,
        "goals": list(idea.goals.all()),
        "district": idea.district,
        "image_alt": idea.image_alt,
    }
    form = IdeaForm(
        request.POST or None, request.FILES or None, initial=initial, editing=True, has_image=bool(idea.image)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_edit(
                actor=request.user,
                idea=idea,
                remove_image=form.cleaned_data.get("remove_image", False),
                **_form_kwargs(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(idea)
    status = 400 if request.method == "POST" else 200
    return render(request, "ideas/idea_form.html", {"form": form, "idea": idea}, status=status)


@login_required
@require_POST
def idea_remove_image(request, pk):
    idea = _get_idea(request, pk)
    if not request.user.has_perm("ideas.change_idea", idea):
        raise PermissionDenied
    services.idea_remove_image(actor=request.user, idea=idea)
    messages.success(request, _("The image was removed."))
    return redirect(idea)


@login_required
@require_POST
def idea_post_update(request, pk):
    idea = _get_idea(request, pk)
    if not request.user.has_perm("ideas.post_update", idea):
        raise PermissionDenied
    form = UpdateForm(request.POST)
    if form.is_valid():
        try:
            update = services.idea_post_update(actor=request.user, idea=idea, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your update was posted."))
            return redirect(f"{idea.get_absolute_url()}#update-{update.pk}")
    return _rerender(request, idea, update_form=form)


@login_required
@require_POST
def coauthor_invite(request, pk):
    idea = _get_idea(request, pk)
    if not request.user.has_perm("ideas.invite_coauthor", idea):
        raise PermissionDenied
    form = CoauthorInviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.idea_invite_coauthor(
                actor=request.user, idea=idea, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            form.add_error(
                "email", error.message_dict["coauthors"] if hasattr(error, "error_dict") else error
            )
        else:
            messages.success(
                request,
                _("%(name)s is invited. They become a co-author when they accept on this page.")
                % {"name": invitation.user.display_name},
            )
            return redirect(f"{idea.get_absolute_url()}#authors")
    return _rerender(request, idea, invite_form=form)


@login_required
@require_POST
def coauthor_accept(request, pk):
    idea = _get_idea(request, pk)
    try:
        services.idea_accept_coauthorship(actor=request.user, idea=idea)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are now a co-author of this idea."))
    return redirect(f"{idea.get_absolute_url()}#authors")


@login_required
@require_POST
def coauthor_leave(request, pk):
    idea = _get_idea(request, pk)
    try:
        services.idea_leave_coauthorship(actor=request.user, idea=idea)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are not a co-author of this idea."))
    return redirect(reverse("my_ideas") if request.POST.get("next") == "mine" else idea.get_absolute_url())


@login_required
@require_POST
def idea_answer(request, pk):
    idea = _get_idea(request, pk)
    if not request.user.has_perm("ideas.answer_idea", idea):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.idea_answer(actor=request.user, idea=idea, **form.answer_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The answer is published on the idea's page."))
            return redirect(f"{idea.get_absolute_url()}#status")
    return _rerender(request, idea, answer_form=form)


@login_required
@require_POST
def idea_merge(request, pk):
    idea = _get_idea(request, pk)
    if not request.user.has_perm("ideas.merge_idea", idea):
        raise PermissionDenied
    form = MergeForm(request.POST)
    if form.is_valid():
        original = Idea.objects.filter(pk=form.cleaned_data["original"]).first()
        if original is None:
            form.add_error("original", _("There is no idea with that number."))
        else:
            try:
                services.idea_merge(
                    actor=request.user, duplicate=idea, original=original, answer=form.cleaned_data["answer"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Merged into “%(title)s”. Votes and followers moved along.")
                    % {"title": original.title},
                )
                return redirect(original)
    return _rerender(request, idea, merge_form=form)


@login_required
@require_POST
def idea_promote(request, pk):
    idea = _get_idea(request, pk)
    if not request.user.has_perm("ideas.promote_idea", idea):
        raise PermissionDenied
    try:
        challenge = services.idea_promote(actor=request.user, idea=idea)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "The draft challenge “%(title)s” was created. "
                "You curate it; set its timeline before publishing."
            )
            % {"title": challenge.title},
        )
    return redirect(f"{idea.get_absolute_url()}#status")


@login_required
def my_ideas(request):
    return render(
        request,
        "ideas/my_ideas.html",
        {
            "ideas": selectors.ideas_of(user=request.user),
            "invitations": selectors.coauthor_invitations(user=request.user),
        },
    )
