"""Admin for administrators. Personal data stay masked; the national number never shows."""

from django.contrib import admin

from beleid.admin import ReadOnlyAdmin

from .models import (
    BenefitDeclaration,
    Engagement,
    InformationNote,
    InsuranceCoverage,
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


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ("id", "last_name", "first_name", "masked_national_number", "anonymised_at")
    search_fields = ("last_name", "first_name")
    # Writes go through the services (audit trail): the admin only reads.
    readonly_fields = (
        "first_name", "last_name", "date_of_birth", "email", "phone", "address",
        "emergency_contact", "masked_national_number", "benefit", "anonymised_at",
    )
    exclude = ("national_number",)
    inlines = [EngagementInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InsuranceCoverage)
class InsuranceCoverageAdmin(ReadOnlyAdmin):
    list_display = ("id", "volunteer", "policy_number", "insured_from", "insured_to",
                    "registered_on", "deregistered_on")
    list_filter = ("insured_to",)


admin.site.register([InformationNote, BenefitDeclaration], ReadOnlyAdmin)
