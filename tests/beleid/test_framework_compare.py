"""The framework diff for people: titles, old and new text side by side, any two versions."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from beleid import selectors
from beleid.models import AuditEvent, FrameworkVersion
from beleid.services.framework import framework_load


@pytest.fixture
def versions(db):
    """The repository's 2024.1 and 2025.1, published in that order."""
    old = framework_load(path=settings.FRAMEWORK_DIR / "2024.1.yaml", publish=True)
    new = framework_load(path=settings.FRAMEWORK_DIR / "2025.1.yaml", publish=True)
    return old, new


def compare_url(old, new):
    return reverse("beleid:framework_compare") + f"?old={old}&new={new}"


def test_the_comparison_names_requirements_and_shows_each_changed_field(versions):
    old, new = versions

    with translation.override("nl-be"):
        comparison = selectors.framework_comparison(old=old, new=new)

    assert [r.code for r in comparison.added] == ["INT-03"]
    assert comparison.added[0].title.startswith("Uittreksel uit het strafregister")
    assert [r.code for r in comparison.removed] == ["WRV-02"]
    assert comparison.removed[0].title == "Vacatures op het vrijwilligersplatform"
    changed = {change.code: change for change in comparison.changed}
    assert sorted(changed) == ["BGL-02", "VRM-04", "WRV-01"]
    vrm = changed["VRM-04"]
    assert [field.label for field in vrm.fields] == ["leidraad", "leidraad (Engels)", "verplicht"]
    assert vrm.fields[2].old == [("del", "nee")] and vrm.fields[2].new == [("ins", "ja")]
    guidance_new = "".join(text for kind, text in vrm.fields[0].new)
    assert "maakt dat aanspreekpunt bekend aan alle vrijwilligers" in guidance_new
    assert ("ins", "maakt") in vrm.fields[0].new or any(
        kind == "ins" and "aanspreekpunt" in text for kind, text in vrm.fields[0].new)


def test_the_comparison_takes_three_queries(versions, django_assert_num_queries):
    old, new = versions

    with django_assert_num_queries(3):
        selectors.framework_comparison(old=old, new=new)


def test_the_compare_page_shows_old_and_new_text_side_by_side(client, versions, coordinator):
    client.force_login(coordinator)

    response = client.get(compare_url("2024.1", "2025.1"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kader 2024.1 vergeleken met 2025.1" in html
    assert 'id="diff-WRV-01"' in html and "Een taakprofiel per vrijwilligersfunctie" in html
    assert "<ins> Publiceer open functies op het matchingplatform" in html
    assert "Versie 2024.1" in html and "Versie 2025.1" in html
    assert "Toegevoegde vereisten" in html and "INT-03" in html
    assert "Verwijderde vereisten" in html and "Vacatures op het vrijwilligersplatform" in html


def test_any_two_versions_compare_also_backwards(client, versions, auditor):
    client.force_login(auditor)

    response = client.get(compare_url("2025.1", "2024.1"))

    comparison = response.context["comparison"]
    assert [r.code for r in comparison.added] == ["WRV-02"]
    assert [r.code for r in comparison.removed] == ["INT-03"]


def test_the_compare_page_without_a_choice_proposes_the_last_two_versions(
    client, versions, consultant
):
    client.force_login(consultant)

    response = client.get(reverse("beleid:framework_compare"))

    assert response.status_code == 200
    assert response.context["comparison"] is None
    form = response.context["form"]
    assert (form.initial["old"], form.initial["new"]) == ("2024.1", "2025.1")
    assert "Kies twee versies en klik op Vergelijken" in response.content.decode()


@pytest.mark.parametrize("query", ["?old=2025.1&new=2025.1", "?old=2025.1&new=1999.9"])
def test_a_wrong_choice_is_explained(client, versions, consultant, query):
    client.force_login(consultant)

    response = client.get(reverse("beleid:framework_compare") + query)

    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert response.context["form"].errors


def test_the_framework_page_shows_the_changes_since_the_previous_version(client, versions,
                                                                           coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("beleid:framework_detail", args=["2025.1"]))

    html = response.content.decode()
    assert "Wijzigingen sinds versie 2024.1" in html
    assert 'id="diff-VRM-04"' in html and "verplicht" in html
    assert 'action="/beleid/kader/vergelijken/"' in html


def test_the_framework_list_offers_to_compare_two_versions(client, versions, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("beleid:framework_list"))

    html = response.content.decode()
    assert "Twee versies vergelijken" in html
    assert '<option value="2024.1" selected>' in html


def test_comparing_needs_a_login_and_changes_nothing(client, versions, coordinator):
    before = (AuditEvent.objects.count(), list(FrameworkVersion.objects.values_list(
        "code", "status")))

    response = client.get(compare_url("2024.1", "2025.1"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(coordinator)
    assert client.post(compare_url("2024.1", "2025.1")).status_code == 405

    after = (AuditEvent.objects.count(), list(FrameworkVersion.objects.values_list(
        "code", "status")))
    assert after == before
