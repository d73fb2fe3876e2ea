"""`{% page_sections "page" obj %}`: the sections other apps add to a page (`portal.page_sections`)."""

from django import template
from django.template.loader import render_to_string

from portal.page_sections import sections_for

register = template.Library()


@register.simple_tag(takes_context=True)
def page_sections(context, page: str, obj) -> str:
    request = context["request"]
    return render_to_string(
        "components/page_sections.html",
        {"sections": sections_for(page, request, obj), "object": obj, "page": page},
        request=request,
    )
