"""The training pages (see kennisdeling/urls.py)."""

urlpatterns: list = []
