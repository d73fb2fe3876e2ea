"""Template helpers the portal's pages share."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced, e.g. for the next page."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def widget_described(bound_field):
    """Render a field's widget pointing screen readers at its help text and every error."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    ids += [f"{bound_field.auto_id}_error{n}" for n in range(1, len(bound_field.errors) + 1)]
    return bound_field.as_widget(attrs={"aria-describedby": " ".join(ids)} if ids else None)
