"""The admin of imports: the import page, import reports and the review queue of suggestions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from citykb.core.admin import NulSafeAdmin

from ..forms import ImportForm
from ..models import ImportReport, Suggestion
from .confirming import DraftOutOfDate, confirm
from .drafts import Draft
from .ingestion import MAX_BYTES, import_file, import_text
from .relinking import relink
from .reviewing import CannotAccept, accept, reject


def import_view(model_admin, request):
    """Paste or upload an announcement; on success, its import report."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        options = {
            "title": form.cleaned_data["title"],
            "published": str(form.cleaned_data["published"]) if form.cleaned_data["published"].is_known else "",
            "publisher": form.cleaned_data["publisher"],
            "even_if_alike": form.cleaned_data["even_if_alike"],
            "user": request.user,
        }
        upload = form.cleaned_data["file"]
        if upload:
            # One byte past the limit is enough for the importer to refuse it (with a report); a larger
            # file is never read whole into memory.
            report = import_file(upload.name, upload.read(MAX_BYTES + 1), **options)
        else:
            report = import_text(form.cleaned_data["text"], **options)
        if report.outcome == ImportReport.Outcome.IMPORTED:
            model_admin.message_user(request, f"Imported “{report.announcement}”: review the draft of its records.")
            return redirect("admin:agreements_importreport_draft", report.pk)
        form.add_error(None, report.problem)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import an announcement",
        "form": form,
    }
    return TemplateResponse(request, "admin/import_announcement.html", context)


class SuggestionInline(admin.TabularInline):
    model = Suggestion
    extra = 0
    can_delete = False
    fields = ["kind", "label", "passage_in_context", "confidence", "status", "outcome"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="passage")
    def passage_in_context(self, suggestion):
        return suggestion.context


@admin.register(ImportReport)
class ImportReportAdmin(NulSafeAdmin, admin.ModelAdmin):
    list_display = ["created", "source", "outcome", "announcement", "imported_by", "mentions_linked", "review_counts"]
    list_filter = ["outcome"]
    search_fields = ["source", "announcement__title", "problem"]
    list_select_related = ["announcement", "imported_by"]
    readonly_fields = [
        "created",
        "imported_by",
        "source",
        "outcome",
        "problem",
        "announcement",
        "characters",
        "mentions_linked",
        "review_counts",
        "draft",
    ]
    fields = readonly_fields
    inlines = [SuggestionInline]

    @admin.display(description="draft")
    def draft(self, report):
        if not report.announcement_id or not report.suggestions.filter(status=Suggestion.Status.PENDING).exists():
            return "Nothing waits for review."
        return format_html(
            '<a href="{}">Review the draft of its records</a>',
            reverse("admin:agreements_importreport_draft", args=[report.pk]),
        )

    def get_queryset(self, request):
        # Counted in the list's one query, not one query per report.
        counted = {
            status: Count("suggestions", filter=Q(suggestions__status=status)) for status in Suggestion.Status.values
        }
        return super().get_queryset(request).annotate(**counted)

    @admin.display(description="suggestions")
    def review_counts(self, report):
        return f"{report.pending} to review, {report.accepted} accepted, {report.rejected} rejected"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        draft = path(
            "<int:pk>/draft/", self.admin_site.admin_view(self.draft_view), name="agreements_importreport_draft"
        )
        return [draft, *super().get_urls()]

    def draft_view(self, request, pk):
        """The import's pending suggestions as a draft of records; a Reviewer confirms it in one submission."""
        report = get_object_or_404(ImportReport.objects.select_related("announcement"), pk=pk)
        seeing = self.has_view_permission(request, report) and request.user.has_perm("agreements.view_suggestion")
        if not seeing or report.announcement is None:
            raise PermissionDenied
        can_review = request.user.has_perm("agreements.review_suggestion")
        if request.method == "POST" and not can_review:
            raise PermissionDenied
        draft = Draft(report, request.POST if request.method == "POST" else None)
        if request.method == "POST" and draft.is_valid():
            try:
                made = confirm(draft, request.user)
            except DraftOutOfDate as problem:
                self.message_user(request, str(problem), messages.WARNING)
            else:
                self.message_user(request, f"Draft confirmed: {len(made)} proposal(s) made into cited records.")
            return redirect(report.get_absolute_url())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Draft of “{report.announcement}”",
            "report": report,
            "draft": draft,
            "media": self.media + draft.media,
            "can_review": can_review,
            "has_errors": request.method == "POST",
        }
        return TemplateResponse(request, "admin/agreements/import_draft.html", context)


@admin.action(description="Propose mentions of records added since they were imported", permissions=["change"])
def relink_selected(model_admin, request, queryset):
    found = sum(relink(announcement, request.user) for announcement in queryset)
    model_admin.message_user(request, f"{found} new mention(s) proposed for review.")


@admin.action(description="Accept the selected suggestions", permissions=["review"])
def accept_selected(model_admin, request, queryset):
    _decide_each(model_admin, request, queryset, lambda suggestion: accept(suggestion, request.user))


@admin.action(description="Reject the selected suggestions", permissions=["review"])
def reject_selected(model_admin, request, queryset):
    _decide_each(model_admin, request, queryset, lambda suggestion: reject(suggestion, request.user))


def _decide_each(model_admin, request, queryset, decide):
    done = 0
    for suggestion in queryset.select_related("announcement"):
        try:
            decide(suggestion)
            done += 1
        except CannotAccept as problem:
            model_admin.message_user(request, f"{suggestion}: {problem}", messages.WARNING)
    if done:
        model_admin.message_user(request, f"{done} suggestion(s) decided.")


class SuggestionStatusFilter(admin.SimpleListFilter):
    """The queue opens on what waits for review; "All" and the decided ones are a click away."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Suggestion.Status.choices, (self.ALL, "All")]

    def chosen(self):
        return self.value() or Suggestion.Status.PENDING

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.chosen() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        return queryset if self.chosen() == self.ALL else queryset.filter(status=self.chosen())


@admin.register(Suggestion)
class SuggestionAdmin(NulSafeAdmin, admin.ModelAdmin):
    """The review queue: what the linker found, waiting for a Reviewer to accept or reject it."""

    actions = [accept_selected, reject_selected]
    list_display = ["label", "kind", "context", "confidence", "status", "announcement"]
    list_filter = [SuggestionStatusFilter, "kind", "report"]
    search_fields = ["label", "context"]
    list_select_related = ["announcement"]
    readonly_fields = [
        "report",
        "announcement",
        "kind",
        "label",
        "passage_in_text",
        "confidence",
        "candidates",
        "status",
        "decided_by",
        "decided",
        "outcome",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_review_permission(self, request):
        return request.user.has_perm("agreements.review_suggestion")

    @admin.display(description="passage")
    def passage_in_text(self, suggestion):
        body, start, end = suggestion.announcement.body, suggestion.start, suggestion.end
        return format_html(
            "…{}<mark>{}</mark>{}…", body[max(0, start - 200) : start], body[start:end], body[end : end + 200]
        )

    def get_urls(self):
        decide = path(
            "<int:pk>/decide/", self.admin_site.admin_view(self.decide_view), name="agreements_suggestion_decide"
        )
        return [decide, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_review": self.has_review_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def decide_view(self, request, pk):
        """Accept (with the chosen candidate record) or reject one suggestion, then back to the queue."""
        if request.method != "POST" or not self.has_review_permission(request):
            raise PermissionDenied
        suggestion = get_object_or_404(Suggestion.objects.select_related("announcement"), pk=pk)
        try:
            if request.POST.get("decision") == "accept":
                candidate = int(request.POST.get("candidate", 0))
                self.message_user(request, accept(suggestion, request.user, candidate))
            else:
                reject(suggestion, request.user)
                self.message_user(request, f"Rejected: {suggestion}.")
        except (CannotAccept, ValueError) as problem:
            message = str(problem) if isinstance(problem, CannotAccept) else "Choose one of the suggested records."
            self.message_user(request, message, messages.WARNING)
            return redirect("admin:agreements_suggestion_change", pk)
        return redirect("admin:agreements_suggestion_changelist")
