"""The volunteer-register part of the site: filled in by the insurance issue."""

insurance_viewsets: list = []
