"""The knowledge pages (see kennisdeling/urls.py)."""

urlpatterns: list = []
