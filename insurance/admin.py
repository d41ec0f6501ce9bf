"""Admin for administrators (the office: they may see persons and every department's
volunteers). Read-only: writes go through the services (audit trail). The national number
shows masked only."""

from django.contrib import admin

from beleid.admin import ReadOnlyAdmin

from .models import (
    BenefitDeclaration,
    Engagement,
    InformationNote,
    InsuranceCoverage,
    Person,
    PublicHoliday,
    Volunteer,
)


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    date_hierarchy = "date"


class EngagementInline(admin.TabularInline):
    model = Engagement
    fields = ("department", "tasks", "start_date", "end_date", "status")
    readonly_fields = fields
    extra = 0
    can_delete = False


class VolunteerInline(admin.TabularInline):
    """The departments that registered the person, each with its own record."""

    model = Volunteer
    fields = ("department", "first_name", "last_name", "benefit", "anonymised_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class CoverageInline(admin.TabularInline):
    model = InsuranceCoverage
    fields = ("policy_number", "insured_from", "insured_to", "registered_on",
              "deregistered_on")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    """The person on the city's insurance, shared by the departments that registered them."""

    list_display = ("id", "last_name", "first_name", "masked_national_number", "anonymised_at")
    search_fields = ("last_name", "first_name")
    readonly_fields = ("first_name", "last_name", "date_of_birth", "masked_national_number",
                       "created_at", "anonymised_at")
    exclude = ("national_number",)
    inlines = [VolunteerInline, CoverageInline]


@admin.register(Volunteer)
class VolunteerAdmin(ReadOnlyAdmin):
    """A department's own record of a person."""

    list_display = ("id", "last_name", "first_name", "department", "person", "anonymised_at")
    list_filter = ("department",)
    list_select_related = ("department",)
    search_fields = ("last_name", "first_name")
    readonly_fields = (
        "person", "department", "first_name", "last_name", "date_of_birth", "email", "phone",
        "address", "emergency_contact", "benefit", "created_at", "anonymised_at",
    )
    inlines = [EngagementInline]


@admin.register(InsuranceCoverage)
class InsuranceCoverageAdmin(ReadOnlyAdmin):
    list_display = ("id", "person", "policy_number", "insured_from", "insured_to",
                    "registered_on", "deregistered_on")
    list_filter = ("insured_to",)


admin.site.register([InformationNote, BenefitDeclaration], ReadOnlyAdmin)
