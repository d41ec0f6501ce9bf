"""Load a framework file (beleid/framework/<version>.yaml); see beleid.services.framework."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beleid.models import FrameworkVersion
from beleid.services.framework import (
    FrameworkDiff,
    FrameworkError,
    framework_diff,
    framework_import,
)


def describe_diff(diff: FrameworkDiff) -> list[str]:
    """The lines that say what changed in the requirements."""
    if diff.is_empty:
        return [_("  no requirements added, changed or removed")]
    lines = []
    if diff.added:
        lines.append(_("  added: %(codes)s") % {"codes": ", ".join(diff.added)})
    for code, names in diff.changed.items():
        lines.append(
            _("  changed: %(code)s (%(fields)s)") % {"code": code, "fields": ", ".join(names)}
        )
    if diff.removed:
        lines.append(_("  removed: %(codes)s") % {"codes": ", ".join(diff.removed)})
    return lines


class Command(BaseCommand):
    help = "Load the framework from a YAML file (idempotent); --publish also publishes it."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the framework file, e.g. beleid/framework/2024.1.yaml")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish the version after loading it (retires the version published now)",
        )

    def handle(self, *args, file, publish, **options):
        try:
            result = framework_import(path=file, publish=publish)
        except FrameworkError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            count = len(exc.errors)
            raise CommandError(
                ngettext(
                    "%(file)s refused (%(count)s problem); nothing was written",
                    "%(file)s refused (%(count)s problems); nothing was written",
                    count,
                )
                % {"file": file, "count": count}
            ) from exc

        version = result.version
        # The status the load left it in: a version published by this command was a draft then.
        status = FrameworkVersion.Status.DRAFT if result.published else version.status
        counts = {
            "code": version.code,
            "status": FrameworkVersion.Status(status).label.lower(),
            "lines": version.quality_lines.count(),
            "steps": version.steps.count(),
            "requirements": version.requirements.count(),
        }
        summary = {
            "created": _(
                "Framework %(code)s created as a draft: %(lines)s quality lines, "
                "%(steps)s steps, %(requirements)s requirements."
            ),
            "updated": _(
                "Draft framework %(code)s updated: %(lines)s quality lines, "
                "%(steps)s steps, %(requirements)s requirements."
            ),
            "unchanged": _("Framework %(code)s is unchanged (%(status)s)."),
        }[result.outcome]
        self.stdout.write(summary % counts)
        if result.outcome == "updated":
            self.stdout.write(_("Changed by this file:"))
            self.stdout.write("\n".join(describe_diff(result.changes)))

        if result.published is not None:
            self.stdout.write(
                _("Published %(code)s on %(date)s.")
                % {"code": version.code, "date": version.published_on.isoformat()}
            )
            if version.previous is not None:
                self.stdout.write(
                    _("Compared with %(previous)s (now retired):")
                    % {"previous": version.previous.code}
                )
                self.stdout.write("\n".join(describe_diff(result.published)))
        elif version.status == FrameworkVersion.Status.DRAFT:
            # What departments would be asked to re-confirm if this draft were published.
            current = FrameworkVersion.objects.filter(
                status=FrameworkVersion.Status.PUBLISHED
            ).first()
            if current is not None:
                self.stdout.write(
                    _("Compared with the published version %(code)s:") % {"code": current.code}
                )
                self.stdout.write(
                    "\n".join(describe_diff(framework_diff(old=current, new=version)))
                )
            self.stdout.write(
                _("Publish it with: manage.py load_framework %(file)s --publish") % {"file": file}
            )
