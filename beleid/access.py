"""The one place that answers who may see or change what.

Every queryset of department data goes through `scope_visible` (reading) or `scope_editable`
(changing a department's own data); every page that names a department takes it through
`visible_department_or_404` / `editable_department_or_404`; personal data of volunteers through
`can_see_personal_data` and `scope_personal`; a department's volunteers and the persons behind
them through `scope_volunteers` and `can_see_persons`. Nothing else in the code decides these
things.

Every function takes the user whose request it is; there is no "no user means everything":
background work that acts for the whole city says so by not scoping at all.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Department
from .roles import is_administrator, is_auditor, is_consultant, is_office

# Auditors see counts of the volunteer register; with this permission also the names.
REGISTER_EXTRACT_PERMISSION = "insurance.view_register_extract"

__all__ = [
    "REGISTER_EXTRACT_PERMISSION",
    "can_do_department_work",
    "can_edit_department",
    "can_request_document",
    "can_see_document",
    "can_see_office_overview",
    "can_see_staff_record",
    "can_read_knowledge",
    "can_record_meetings",
    "can_see_benefit_data",
    "can_see_personal_data",
    "can_see_reports",
    "can_see_persons",
    "can_manage_training",
    "can_register_for_training",
    "can_take_insurer_list",
    "can_view_department",
    "can_write_knowledge",
    "coordinated_department_ids",
    "editable_department_or_404",
    "editable_departments",
    "is_coordinator",
    "is_coordinator_of",
    "is_office",
    "scope_department_work",
    "scope_editable",
    "scope_knowledge",
    "scope_meetings",
    "scope_personal",
    "scope_training_registrations",
    "training_registration_departments",
    "scope_visible",
    "scope_volunteers",
    "sees_all_departments",
    "sees_some_department",
    "visible_department_or_404",
    "visible_departments",
]


# --- who the user is ---------------------------------------------------------------------------


def sees_all_departments(user) -> bool:
    """The Vrijwilligerspunt, auditors and administrators have the helicopter view."""
    return user.is_authenticated and (
        is_consultant(user) or is_auditor(user) or is_administrator(user)
    )


def can_see_office_overview(user) -> bool:
    """The office's overview of all departments (the matrix of a round, its figures and
    exports): the Vrijwilligerspunt and administrators, and auditors read-only (the page
    changes nothing). Never a department's coordinator: it shows every department."""
    return sees_all_departments(user)


def can_see_reports(user) -> bool:
    """The auditors' PDF reports (the reports app: make them, the archive): auditors, the
    Vrijwilligerspunt and administrators. Never a coordinator: the archive holds every
    department's reports."""
    return sees_all_departments(user)


def sees_some_department(user) -> bool:
    """`user` may see the data of at least one department: lists of department data open."""
    return sees_all_departments(user) or is_coordinator(user)


def coordinated_department_ids(user) -> frozenset[int]:
    """The departments `user` is a coordinator of (one query per request, cached on the user)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_coordinated_department_ids"):
        user._coordinated_department_ids = frozenset(
            Department.objects.filter(coordinators=user).values_list("pk", flat=True)
        )
    return user._coordinated_department_ids


def is_coordinator(user) -> bool:
    """A coordinator of at least one department."""
    return bool(coordinated_department_ids(user))


def is_coordinator_of(user, department: Department | int | None) -> bool:
    """`user` coordinates `department` (a department or its id): its tasks are theirs."""
    if department is None:
        return False
    pk = department.pk if isinstance(department, Department) else department
    return pk in coordinated_department_ids(user)


# --- departments -------------------------------------------------------------------------------


def visible_departments(user) -> QuerySet[Department]:
    if not user.is_authenticated:
        return Department.objects.none()
    if sees_all_departments(user):
        return Department.objects.all()
    return Department.objects.filter(pk__in=coordinated_department_ids(user))


def editable_departments(user) -> QuerySet[Department]:
    """Departments whose own data (translations, checklists, volunteers) the user may change.

    Coordinators change their own departments; the office and administrators act for any
    department. Auditors are read-only.
    """
    if not user.is_authenticated:
        return Department.objects.none()
    if is_office(user):
        return Department.objects.all()
    return Department.objects.filter(pk__in=coordinated_department_ids(user))


def can_view_department(user, department: Department) -> bool:
    return sees_all_departments(user) or is_coordinator_of(user, department)


def can_edit_department(user, department: Department) -> bool:
    return is_office(user) or is_coordinator_of(user, department)


def visible_department_or_404(user, **lookup) -> Department:
    """The department (`slug=...` or `pk=...`) if the user may see it; 404 otherwise: another
    department's data does not exist for them (a 403 would tell that it does)."""
    try:
        return visible_departments(user).get(**lookup)
    except Department.DoesNotExist as missing:
        raise Http404("No such department for this user.") from missing


def editable_department_or_404(user, **lookup) -> Department:
    """The department if the user may change its data: 404 when they may not even see it,
    403 when they may see it but not change it (an auditor)."""
    department = visible_department_or_404(user, **lookup)
    if not can_edit_department(user, department):
        raise PermissionDenied("This user may see the department but may not change its data.")
    return department


# --- any queryset of department data -------------------------------------------------------------


def scope_visible(queryset: QuerySet, user, field: str = "department") -> QuerySet:
    """Restrict any queryset of department data to what `user` may see."""
    if sees_all_departments(user):
        return queryset
    return queryset.filter(**{f"{field}__in": coordinated_department_ids(user)})


def scope_editable(queryset: QuerySet, user, field: str = "department") -> QuerySet:
    """Restrict any queryset of department data to what `user` may change."""
    if is_office(user):
        return queryset
    return queryset.filter(**{f"{field}__in": coordinated_department_ids(user)})


# --- personal data of volunteers ---------------------------------------------------------------


def can_see_personal_data(user) -> bool:
    """Coordinators (of their own departments), the office and administrators see names;
    auditors see counts only, unless they hold the register-extract permission."""
    if not user.is_authenticated:
        return False
    if is_auditor(user) and not is_office(user):
        return user.has_perm(REGISTER_EXTRACT_PERMISSION)
    return is_office(user) or is_coordinator(user)


def scope_personal(queryset: QuerySet, user, field: str = "department") -> QuerySet:
    """Department data that holds personal data (names, contact details, benefits): what
    `user` may see of it, nothing at all for those who see counts only."""
    if not can_see_personal_data(user):
        return queryset.none()
    return scope_visible(queryset, user, field=field)


# --- the work of a department: who does a task --------------------------------------------------


def can_do_department_work(user, department: Department | int | None, *, for_office: bool) -> bool:
    """May `user` do a task of `department` (a department or its id)?

    A department's own work (a checklist of its step plan, a step of a volunteer's onboarding)
    is for its coordinators; work for the Vrijwilligerspunt (a review, a sign-off) is for the
    office: consultants, and administrators acting for them. `scope_department_work` is the
    same rule as a query: what a user may do is exactly what their queue and inbox hold.
    """
    if for_office:
        return is_office(user)
    return is_coordinator_of(user, department)


def scope_department_work(
    queryset: QuerySet, user, *, office_work: Q, field: str = "department"
) -> QuerySet:
    """The tasks of `queryset` that `user` may do (`can_do_department_work` as a filter).

    `office_work` matches the tasks for the office; every other task is for the coordinators
    of the department in `field`.
    """
    allowed = ~office_work & Q(**{f"{field}__in": coordinated_department_ids(user)})
    if is_office(user):
        allowed |= office_work
    return queryset.filter(allowed)


# --- benefit data (duty to report) --------------------------------------------------------------


def can_see_benefit_data(user, department_ids: Iterable[int]) -> bool:
    """Whether a volunteer receives a benefit, and their declarations, rest on consent: only
    the volunteer's own departments (their coordinators) and the Vrijwilligerspunt see them;
    auditors do not, not even with the register-extract permission. `department_ids`: the
    departments of the volunteer's engagements."""
    if is_office(user):
        return True
    return not coordinated_department_ids(user).isdisjoint(department_ids)


# --- a department's volunteers, and the persons behind them ---------------------------------------


def scope_volunteers(queryset: QuerySet, user, field: str = "department") -> QuerySet:
    """A department's volunteers (its own record of a person: name, contact details, benefit,
    engagements) that `user` may see: those of the departments whose personal data are theirs
    to see (`scope_personal`). Another department's record of the same person does not exist
    for them: pages answer 404, lists leave it out, matching reveals nothing of it."""
    return scope_personal(queryset, user, field=field)


def can_see_persons(user) -> bool:
    """The person behind the volunteers (what the insurer needs: the name and date of birth
    as first registered, the national number, the cover as one period over every department)
    is shown to no department: only the office sees it (and the insurer's list, which the
    office takes). A department sees its own record and the cover on its own engagements'
    days."""
    return is_office(user)


def can_take_insurer_list(user) -> bool:
    """The insurer's list is the whole city's, one row per insured person, with the persons'
    data: for the office, and for auditors who may see the register's names (the
    register-extract permission). Never a department's coordinator (it would show them other
    departments' periods)."""
    return sees_all_departments(user) and can_see_personal_data(user)


# --- the training offer (kennisdeling) ----------------------------------------------------------


def can_manage_training(user) -> bool:
    """The training offer is the Vrijwilligerspunt's: it creates, publishes and cancels
    sessions, sees every registration and records attendance."""
    return is_office(user)


def training_registration_departments(user) -> QuerySet[Department]:
    """The departments on whose behalf `user` registers people for a training: a coordinator's
    own departments; the office any department. Auditors register nobody."""
    return editable_departments(user)


def can_register_for_training(user, department: Department | int | None) -> bool:
    """`user` may register (and cancel registrations) on behalf of `department`."""
    if department is None or not user.is_authenticated:
        return False
    return is_office(user) or is_coordinator_of(user, department)


def scope_training_registrations(queryset: QuerySet, user, field: str = "department") -> QuerySet:
    """Registrations (names and e-mail addresses of staff) that `user` may see: a
    coordinator those of their own departments, the office all of them; auditors see counts
    only unless they may see names (`scope_personal`)."""
    return scope_personal(queryset, user, field=field)


# --- documents (PDFs rendered in the background) ---------------------------------------------


def can_see_staff_record(user, *, person_id: int | None, department_id: int) -> bool:
    """A record about one staff member that a department keeps (a training registration and
    its attendance certificate): for the person themselves (`person_id`: their user, None when
    they have no account), the coordinators of the department, and the office."""
    return user.is_authenticated and (
        is_office(user)
        or is_coordinator_of(user, department_id)
        or (person_id is not None and person_id == user.pk)
    )


def can_request_document(user, kind, params: dict) -> bool:
    """May `user` ask for a document of `kind` (a `beleid.documents.DocumentKind`) with these
    parameters? The kind says, through the functions of this module."""
    return user.is_authenticated and kind.may_request(user, params)


def can_see_document(user, document) -> bool:
    """May `user` see a document's status and download it? A document of a kind that is no
    longer registered is nobody's; otherwise its kind says (by default: only who asked for it,
    while they may still ask for it). Anyone else gets a 404: the document does not exist for
    them."""
    from .documents import get_kind

    kind = get_kind(document.kind)
    return user.is_authenticated and kind is not None and kind.may_see(user, document)
# --- the knowledge base and the consultation meetings (kennisdeling) --------------------------


def can_read_knowledge(user) -> bool:
    """Everyone signed in reads the published knowledge base."""
    return user.is_authenticated


def can_write_knowledge(user) -> bool:
    """The Vrijwilligerspunt writes the knowledge base (and sees drafts and archived ones)."""
    return is_office(user)


def scope_knowledge(queryset: QuerySet, user, field: str = "status") -> QuerySet:
    """The articles `user` may read: the office every one, everyone else the published."""
    if not user.is_authenticated:
        return queryset.none()
    if can_write_knowledge(user):
        return queryset
    return queryset.filter(**{field: "published"})


def can_record_meetings(user) -> bool:
    """The Vrijwilligerspunt records the consultation meetings."""
    return is_office(user)


def scope_meetings(queryset: QuerySet, user) -> QuerySet:
    """The meetings `user` may read: the office, auditors and administrators every one; a
    coordinator those that one of their departments took part in (the minutes speak of the
    departments that were there)."""
    if sees_all_departments(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    taking_part = queryset.model._default_manager.filter(
        departments__in=coordinated_department_ids(user)
    ).values("pk")
    return queryset.filter(pk__in=taking_part)
