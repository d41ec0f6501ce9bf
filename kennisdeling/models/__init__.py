"""Knowledge sharing and staff training: the training offer with registrations and attendance
(`training`), the knowledge base (`knowledge`), consultation meetings (`meetings`)."""

from .knowledge import *  # noqa: F403
from .meetings import *  # noqa: F403
from .training import *  # noqa: F403
