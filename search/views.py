"""The search page: the box's answer, grouped by kind, in the reader's language."""

from django.shortcuts import render
from django.utils import translation

from search.forms import SearchForm
from search.selectors import search_everything


def search(request):
    form = SearchForm(request.GET) if "q" in request.GET else SearchForm()
    groups = None
    if form.is_bound and form.is_valid():
        groups = search_everything(query=form.cleaned_data["q"], language=translation.get_language())
    query = form.cleaned_data["q"] if groups is not None else ""
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request, "search/search.html", {"form": form, "groups": groups, "query": query}, status=status
    )
