"""The step-plan part of the site: filled in by the workflows issue."""

workflows_viewsets: list = []
