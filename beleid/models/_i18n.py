from django.utils.translation import get_language


class BilingualMixin:
    """Framework text is stored in Dutch (`title`) with English alongside (`title_en`)."""

    def localized(self, field: str) -> str:
        language = (get_language() or "nl").lower()
        if language.startswith("en"):
            return getattr(self, f"{field}_en") or getattr(self, field)
        return getattr(self, field)

    @property
    def display_title(self) -> str:
        return self.localized("title")

    @property
    def localized_description(self) -> str:
        return self.localized("description")

    @property
    def localized_guidance(self) -> str:
        return self.localized("guidance")

    @property
    def localized_expected_evidence(self) -> str:
        return self.localized("expected_evidence")

    @property
    def localized_vision(self) -> str:
        return self.localized("vision")
