"""The list pages, as a coordinator (of the sample department) and as a consultant."""

from .registry import AUDITOR, BOTH, CONSULTANT, EVERY_ROLE, REGISTRY

for flow, title in (("stepplan", "Step plan"), ("onboarding", "Onboarding")):
    REGISTRY.page(f"{title}: inbox", f"{flow}:inbox", roles=BOTH)
    REGISTRY.page(f"{title}: queue", f"{flow}:queue", roles=BOTH)
    REGISTRY.page(f"{title}: archive", f"{flow}:archive", roles=BOTH)
    REGISTRY.page(f"{title}: process list", f"{flow}:process_list", roles=BOTH)
    REGISTRY.page(f"{title}: task list", f"{flow}:task_list", roles=BOTH)
    REGISTRY.page(f"{title}: dashboard", f"{flow}:index", roles=BOTH)

REGISTRY.page("Round overview", "workflows:round_detail", url_args=lambda city: [city.year])
REGISTRY.page("Register overview", "insurance:overview", roles=BOTH)
REGISTRY.page("A department's register", "insurance:department",
              url_args=lambda city: [city.sample_slug], roles=BOTH)
REGISTRY.page("Department list", "beleid:department_list", roles=BOTH)
REGISTRY.page("A department's audit trail", "beleid:audit_trail",
              url_args=lambda city: [city.sample_slug], roles=BOTH)

# Issue 10: every role's home (the office's "what needs me today", the coordinator's
# departments, the auditor's departments and years); the office's overview of all departments
# (the matrix of the latest round with its figures) and its exports, the office's only.
REGISTRY.page("Home", "overview:index", roles=EVERY_ROLE)
REGISTRY.page("Office overview", "overview:office", roles=(CONSULTANT, AUDITOR))
REGISTRY.page("Office overview: XLSX", "overview:office_xlsx", roles=(CONSULTANT,))
REGISTRY.page("Office overview: CSV", "overview:office_csv", roles=(CONSULTANT,))
