"""Votes, follows, comments, flags and the moderation queue, for any engageable item.

Every interaction works as a plain form (the answer is a redirect back to the same place on the
page, via an anchor) and with htmx (the answer is the updated fragment). Errors go back to htmx
as a short text with a 4xx status (429 when a rate limit is reached), which `portal.js` announces;
without JavaScript they come as a message on the page, and typed text is never thrown away.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagement import selectors, services
from engagement.forms import CommentForm, FlagForm, ModerationForm
from engagement.models import Comment
from engagement.registry import can_view, engageable_model, flaggable_model, label_of
from portal.htmx import error_text, htmx_error, is_htmx, redirect_back
from portal.rate_limits import RateLimited, refused_for_now


def _load(label: str, pk: int, *, flaggable: bool = False):
    model = flaggable_model(label) if flaggable else engageable_model(label)
    if model is None:
        raise Http404
    target = get_object_or_404(model._default_manager, pk=pk)
    return target


def _visible_target(request, label: str, pk: int, *, flaggable: bool = False):
    target = _load(label, pk, flaggable=flaggable)
    if not can_view(request.user, target):
        raise Http404
    return target


# --- Votes and follows ----------------------------------------------------------------------


def _engagement_fragment(request, template: str, target):
    state = selectors.engagement_state(viewer=request.user, target=target)
    return render(request, template, {"state": state, "next": request.POST.get("next", "")})


def _engage(request, label, pk, action, template, anchor_prefix):
    target = _visible_target(request, label, pk)
    try:
        action(actor=request.user, target=target)
    except ValidationError as error:
        if is_htmx(request):
            return htmx_error(error)
        messages.error(request, error_text(error))
    if is_htmx(request):
        return _engagement_fragment(request, template, target)
    key = f"{label.replace('.', '-')}-{target.pk}"
    return redirect_back(request, target, f"{anchor_prefix}-{key}")


@login_required
@require_POST
def vote(request, label, pk):
    return _engage(request, label, pk, services.vote_cast, "engagement/_vote.html", "vote")


@login_required
@require_POST
def unvote(request, label, pk):
    return _engage(request, label, pk, services.vote_withdraw, "engagement/_vote.html", "vote")


@login_required
@require_POST
def follow(request, label, pk):
    return _engage(request, label, pk, services.follow_start, "engagement/_follow.html", "follow")


@login_required
@require_POST
def unfollow(request, label, pk):
    return _engage(request, label, pk, services.follow_stop, "engagement/_follow.html", "follow")


# --- Comments -------------------------------------------------------------------------------


def comments_section(request, target, *, form=None, status=200, update_follow=False):
    """The discussion fragment. After posting, it also updates the follow button out of band
    (commenters follow automatically)."""
    sort = request.GET.get("comments", "oldest")
    context = {
        "target": target,
        "label": label_of(target),
        "thread": selectors.comment_thread(viewer=request.user, target=target, sort=sort),
        "comment_sort": sort if sort in selectors.COMMENT_SORTS else "oldest",
        "policy": selectors.policy_for(target),
        "comment_form": form or CommentForm(),
        "next": request.get_full_path() if request.method == "GET" else request.POST.get("next", ""),
    }
    if update_follow:
        context["follow_state"] = selectors.engagement_state(viewer=request.user, target=target)
    return render(request, "engagement/_comments.html", context, status=status)


def _comment_form_page(request, target, form, *, parent=None, status=400):
    """Without JavaScript, a comment that could not be saved comes back here with its text."""
    return render(
        request,
        "engagement/comment_form.html",
        {"target": target, "label": label_of(target), "form": form, "parent": parent,
         "next": request.POST.get("next", "")},
        status=status,
    )  # fmt: skip


@login_required
def comment_create(request, label, pk):
    target = _visible_target(request, label, pk)
    if request.method != "POST":
        asked = CommentForm({"body": "-", "parent": request.GET.get("parent", "")})
        parent_pk = asked.cleaned_data.get("parent") if asked.is_valid() else None
        parent = Comment.objects.filter(pk=parent_pk).first() if parent_pk else None
        form = CommentForm(initial={"parent": parent.pk if parent else None})
        return _comment_form_page(request, target, form, parent=parent, status=200)
    form = CommentForm(request.POST)
    parent = None
    if form.is_valid():
        parent_pk = form.cleaned_data.get("parent")
        parent = get_object_or_404(Comment, pk=parent_pk) if parent_pk else None
        try:
            comment = services.comment_create(
                actor=request.user, target=target, body=form.cleaned_data["body"], parent=parent
            )
        except RateLimited as error:
            if is_htmx(request):
                return htmx_error(error)
            form.add_error(None, error)
            return refused_for_now(_comment_form_page(request, target, form, parent=parent), error)
        except ValidationError as error:
            if is_htmx(request):
                return htmx_error(error)
            form.add_error("body" if hasattr(error, "error_dict") else None, error)
        else:
            if is_htmx(request):
                target.refresh_from_db()
                return comments_section(request, target, update_follow=True)
            messages.success(request, _("Your comment was posted."))
            return redirect_back(request, target, f"comment-{comment.pk}")
    elif is_htmx(request):
        return htmx_error(ValidationError([e for errors in form.errors.values() for e in errors]))
    return _comment_form_page(request, target, form, parent=parent)


def _own_comment(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("author"), pk=pk)
    if not can_view(request.user, comment):
        raise Http404
    return comment


@login_required
def comment_edit(request, pk):
    comment = _own_comment(request, pk)
    if not request.user.has_perm("engagement.change_comment", comment):
        raise PermissionDenied
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(actor=request.user, comment=comment, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your comment was saved."))
            return redirect_back(request, comment.target, f"comment-{comment.pk}")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "engagement/comment_edit.html", {"comment": comment, "form": form, "target": comment.target},
        status=status,
    )  # fmt: skip


@login_required
@require_POST
def comment_delete(request, pk):
    comment = _own_comment(request, pk)
    services.comment_delete(actor=request.user, comment=comment)
    messages.success(request, _("The comment was deleted."))
    return redirect_back(request, comment.target, "comments")


def _like(request, pk, action):
    comment = _own_comment(request, pk)
    try:
        action(actor=request.user, comment=comment)
    except ValidationError as error:
        if is_htmx(request):
            return htmx_error(error)
        messages.error(request, error_text(error))
    if is_htmx(request):
        comment.refresh_from_db()
        liked = comment.likes.filter(user=request.user).exists()
        return render(
            request,
            "engagement/_like.html",
            {"node": comment, "liked": liked, "next": request.POST.get("next", "")},
        )
    return redirect_back(request, comment.target, f"comment-{comment.pk}")


@login_required
@require_POST
def comment_like(request, pk):
    return _like(request, pk, services.comment_like)


@login_required
@require_POST
def comment_unlike(request, pk):
    return _like(request, pk, services.comment_unlike)


# --- Flags ----------------------------------------------------------------------------------


@login_required
def flag(request, label, pk):
    target = _visible_target(request, label, pk, flaggable=True)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_create(actor=request.user, target=target, **form.cleaned_data)
        except RateLimited as error:
            form.add_error(None, error)
            page = render(request, "engagement/flag.html", {"form": form, "target": target, "label": label})
            return refused_for_now(page, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at it."))
            return redirect_back(request, target)
    if request.method == "GET" and target.is_author(request.user):
        messages.info(request, _("You cannot flag what you wrote yourself."))
        return redirect_back(request, target)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "engagement/flag.html", {"form": form, "target": target, "label": label}, status=status
    )


# --- Moderation -----------------------------------------------------------------------------


@login_required
def moderation_queue(request):
    if not request.user.has_perm("engagement.moderate"):
        raise PermissionDenied
    page, items = selectors.moderation_queue(page_number=request.GET.get("page"))
    return render(request, "engagement/moderation_queue.html", {"page": page, "items": items})


@login_required
def moderation_item(request, label, pk):
    if not request.user.has_perm("engagement.moderate"):
        raise PermissionDenied
    target = _load(label, pk, flaggable=True)
    form = ModerationForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("hide", "restore"):
            form.add_error(None, _("Choose to hide or to restore."))
        elif form.is_valid():
            service = services.moderation_hide if action == "hide" else services.moderation_restore
            try:
                service(actor=request.user, target=target, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if action == "hide":
                    messages.success(request, _("Hidden. The author sees your reason."))
                else:
                    messages.success(request, _("Restored, and its flags are closed."))
                return redirect("moderation_queue")
    context = {
        "target": target,
        "label": label,
        "form": form,
        "flags": selectors.target_flags(target=target),
        "history": selectors.moderation_history(target=target),
    }
    return render(request, "engagement/moderation_item.html", context, status=400 if form.errors else 200)
