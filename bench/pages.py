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

# Every role's home (issue 10): what needs the office today, the coordinator's departments.
REGISTRY.page("Home", "overview:index", roles=BOTH)
