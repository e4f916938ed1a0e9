"""The admin of imports: the import page, import reports and the review queue of suggestions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .forms import ImportForm
from .ingestion import import_file, import_text
from .models import ImportReport, Suggestion
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
            "user": request.user,
        }
        upload = form.cleaned_data["file"]
        if upload:
            report = import_file(upload.name, upload.read(), **options)
        else:
            report = import_text(form.cleaned_data["text"], **options)
        if report.outcome == ImportReport.Outcome.IMPORTED:
            model_admin.message_user(request, f"Imported “{report.announcement}”: review what the linker found.")
            return redirect(report.get_absolute_url())
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
class ImportReportAdmin(admin.ModelAdmin):
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
    ]
    fields = readonly_fields
    inlines = [SuggestionInline]

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


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """The review queue: what the linker found, waiting for a Reviewer to accept or reject it."""

    actions = [accept_selected, reject_selected]
    list_display = ["label", "kind", "context", "confidence", "status", "announcement"]
    list_filter = ["status", "kind", "report"]
    search_fields = ["label", "context"]
    list_select_related = ["announcement"]
    readonly_fields = [
        "report",
        "announcement",
        "kind",
        "start",
        "end",
        "label",
        "context",
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

    def changelist_view(self, request, extra_context=None):
        if "status__exact" not in request.GET and not request.GET.get("_changelist_filters") and not request.POST:
            return redirect(f"{request.path}?status__exact=pending")
        return super().changelist_view(request, extra_context)
