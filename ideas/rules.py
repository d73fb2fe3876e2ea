"""Who may do what with ideas. The phase rules for votes and comments are in `ideas.policy`."""

import rules

from accounts.rules import is_administrator, is_moderator, is_official, is_signed_in


@rules.predicate
def is_idea_author(user, idea) -> bool:
    """The author or an accepted co-author."""
    return idea is not None and idea.is_author(user)


@rules.predicate
def is_original_author(user, idea) -> bool:
    return idea is not None and user.is_authenticated and idea.author_id == user.pk


@rules.predicate
def is_visible(user, idea) -> bool:
    return idea is not None and idea.hidden_at is None


rules.add_perm("ideas.add_idea", is_signed_in)
# Hidden ideas stay visible to their authors (with the moderator's reason) and to moderators.
rules.add_perm("ideas.view_idea", is_visible | is_idea_author | is_moderator)
# Administrators may do these to anyone's content, as they always could.
rules.add_perm("ideas.change_idea", (is_signed_in & is_idea_author) | is_administrator)
rules.add_perm("ideas.post_update", (is_signed_in & is_idea_author) | is_administrator)
rules.add_perm("ideas.invite_coauthor", (is_signed_in & is_original_author) | is_administrator)
rules.add_perm("ideas.answer_idea", is_official | is_administrator)


@rules.predicate
def is_in_a_department(user) -> bool:
    """An official who answers for a department (ideas.Department.members)."""
    return user.is_authenticated and user.answer_departments.exists()


# The queue of ideas promised an answer: officials of a department, and administrators.
rules.add_perm("ideas.view_answer_queue", (is_official & is_in_a_department) | is_administrator)
rules.add_perm("ideas.merge_idea", is_official | is_administrator)
rules.add_perm("ideas.promote_idea", is_official | is_administrator)
