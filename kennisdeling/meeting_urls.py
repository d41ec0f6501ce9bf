"""The meeting pages (see kennisdeling/urls.py)."""

urlpatterns: list = []
