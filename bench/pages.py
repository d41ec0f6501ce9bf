"""The list pages, as a coordinator (of the sample department) and as a consultant."""

from .registry import BOTH, REGISTRY

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

# The office's overview of all departments (issue 10): the matrix of the latest round with its
# figures, and its exports. The office's only: a coordinator gets 403.
from .registry import CONSULTANT  # noqa: E402

REGISTRY.page("Office overview", "overview:office", roles=(CONSULTANT,))
REGISTRY.page("Office overview: XLSX", "overview:office_xlsx", roles=(CONSULTANT,))
REGISTRY.page("Office overview: CSV", "overview:office_csv", roles=(CONSULTANT,))
