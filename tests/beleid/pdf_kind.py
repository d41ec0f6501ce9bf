"""A kind of document for the tests of the document machinery (beleid.documents), rendered
from a test template (tests/beleid/templates/pdf_tests/): a note on a department, which its
coordinators and the office may ask for."""

import copy
import datetime

import pytest
from django.conf import settings as django_settings
from django.shortcuts import get_object_or_404

from beleid import access
from beleid.documents import (
    DocumentContent,
    DocumentKind,
    DocumentUnavailable,
    register_kind,
    unregister_kind,
)
from beleid.models import Department

TEMPLATES_DIR = django_settings.BASE_DIR / "tests" / "beleid" / "templates"


class DepartmentNote(DocumentKind):
    code = "test_department_note"
    label = "Notitie"

    def params_from_request(self, user, data):
        department = get_object_or_404(access.visible_departments(user),
                                       slug=data.get("department", ""))
        return {"department_id": department.pk, "text": data.get("text", "")}

    def title(self, params):
        return f"Notitie {Department.objects.get(pk=params['department_id']).name}"

    def department(self, params):
        return Department.objects.get(pk=params["department_id"])

    def may_request(self, user, params):
        department = Department.objects.filter(pk=params["department_id"]).first()
        return department is not None and access.can_edit_department(user, department)

    def build(self, document):
        if document.params.get("text") == "unavailable":
            raise DocumentUnavailable("De gegevens van deze notitie bestaan niet meer.")
        return DocumentContent(
            template_name="pdf_tests/sample.html",
            context={"title": document.title, "name": document.department.name,
                     "day": datetime.date(2026, 3, 5), "remark": document.params["text"]},
            filename=f"notitie-{document.department.slug}.pdf",
            data={"department": document.department.name, "text": document.params["text"]},
        )


@pytest.fixture
def pdf_test_templates(settings):
    """The test templates (tests/beleid/templates/) next to the project's."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEMPLATES_DIR]
    settings.TEMPLATES = templates


@pytest.fixture
def note_kind(pdf_test_templates):
    kind = register_kind(DepartmentNote())
    yield kind
    unregister_kind(kind.code)
