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
