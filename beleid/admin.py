"""The Django admin is for administrators; changes go through the services (audited)."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import (
    AuditEvent,
    AuditEventType,
    Department,
    FrameworkVersion,
    QualityLine,
    Requirement,
    RequirementInterpretation,
    Step,
)
from .services.departments import (
    coordinator_add,
    coordinator_remove,
    department_create,
    department_update,
)
from .services.framework import FrameworkError, framework_publish
from .services.login_locks import login_locks_release


class ReadOnlyAdmin(admin.ModelAdmin):
    """For data that changes only through the services (audited) or from a data file:
    the admin shows it, it does not add, change or delete it. Used by every app."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RequirementInline(admin.TabularInline):
    model = Requirement
    fields = ("code", "title", "step", "mandatory", "applies_to", "legal_basis")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "status", "published_on", "previous")
    list_filter = ("status",)
    inlines = [RequirementInline]
    actions = ["publish"]

    @admin.action(description=_("Publish the selected draft version"))
    def publish(self, request, queryset):
        for version in queryset:
            try:
                diff = framework_publish(version=version, actor=request.user)
            except FrameworkError as error:
                self.message_user(request, str(error), messages.ERROR)
                continue
            self.message_user(
                request,
                _("%(code)s published: %(added)d added, %(changed)d changed, %(removed)d removed.")
                % {
                    "code": version.code,
                    "added": len(diff.added),
                    "changed": len(diff.changed),
                    "removed": len(diff.removed),
                },
            )

    def get_actions(self, request):
        # The publish action changes state; offer it although the admin is otherwise read-only.
        actions = super().get_actions(request)
        if not request.user.is_superuser and not request.user.has_perm(
            "beleid.change_frameworkversion"
        ):
            actions.pop("publish", None)
        return actions


@admin.register(QualityLine)
class QualityLineAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "version")
    list_filter = ("version",)


@admin.register(Step)
class StepAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "version", "order")
    list_filter = ("version",)


@admin.register(Requirement)
class RequirementAdmin(ReadOnlyAdmin):
    list_display = ("code", "title", "step", "version", "mandatory", "applies_to")
    list_filter = ("version", "mandatory", "applies_to")
    search_fields = ("code", "title")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "cluster", "welfare_decree", "active")
    list_filter = ("organisation", "welfare_decree", "active")
    search_fields = ("name", "slug", "cluster")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("coordinators",)

    def has_delete_permission(self, request, obj=None):
        # Departments carry an audit trail: deactivate instead of deleting.
        return False

    def save_model(self, request, obj, form, change):
        values = {field: form.cleaned_data[field] for field in Department.AUDITED_FIELDS}
        if change:
            saved = department_update(actor=request.user, department=obj, **values)
        else:
            saved = department_create(actor=request.user, **values)
        obj.pk = saved.pk
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        department = form.instance
        wanted = set(form.cleaned_data["coordinators"])
        current = set(department.coordinators.all())
        for user in wanted - current:
            coordinator_add(actor=request.user, department=department, user=user)
        for user in current - wanted:
            coordinator_remove(actor=request.user, department=department, user=user)


@admin.register(RequirementInterpretation)
class RequirementInterpretationAdmin(ReadOnlyAdmin):
    list_display = ("department", "requirement", "updated_at", "updated_by")
    list_filter = ("requirement__version", "department")


class EventTypeFilter(admin.SimpleListFilter):
    """Events by their names in the user's language."""

    title = _("event")
    parameter_name = "event_type"

    def lookups(self, request, model_admin):
        return sorted(AuditEventType.choices, key=lambda choice: str(choice[1]).casefold())

    def queryset(self, request, queryset):
        return queryset.filter(event_type=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "event_name", "department", "actor", "object_repr")
    list_filter = (EventTypeFilter,)
    search_fields = ("object_repr", "event_type")
    date_hierarchy = "created_at"
    list_select_related = ("department", "actor")

    @admin.display(description=_("event"), ordering="event_type")
    def event_name(self, obj):
        return obj.event_label


# --- login locks (django-axes) ------------------------------------------------------------------

admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LoginLockAdmin(AccessAttemptAdmin):
    """axes's list of failed logins, where the office sees who is locked (the "status"
    column) and lifts a lock by deleting its attempts: through the audited service."""

    def delete_model(self, request, obj):
        login_locks_release(actor=request.user, attempts=AccessAttempt.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        login_locks_release(actor=request.user, attempts=queryset)
