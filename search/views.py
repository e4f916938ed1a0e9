from django.shortcuts import render

from .database import search_records
from .forms import SearchForm


def results(request):
    form = SearchForm(request.GET)
    groups = search_records(form.cleaned_data["q"]) if form.is_valid() else []
    status = 400 if form.errors and "q" in request.GET else 200
    return render(request, "search/results.html", {"form": form, "groups": groups}, status=status)
