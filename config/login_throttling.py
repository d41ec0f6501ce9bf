"""Brute force against the login and the password reset: what the site answers.

django-axes counts failed logins and locks a user name or an address (settings `AXES_*`,
`LOGIN_FAILURE_LIMIT`, `LOGIN_LOCKOUT_MINUTES`); here is the page a locked login gets and the
address axes counts by. Password-reset requests are counted per address and per e-mail
address in Django's cache (Redis in production), `PASSWORD_RESET_LIMIT_PER_HOUR` each.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from viewflow.contrib.auth import AuthenticationForm

RESET_WINDOW_SECONDS = 3600
USERNAME_MAX_LENGTH = 150  # django.contrib.auth's User.username


def client_address(request: HttpRequest) -> str:
    """The address a request came from: behind the proxy (`BEHIND_PROXY`) the last one it
    added to X-Forwarded-For (the ones before it are what the client claims), else
    REMOTE_ADDR."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


def attempted_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The user name a login tried, as axes counts it (AXES_USERNAME_CALLABLE): cut to the
    longest a user name can be. Django's login form does not check the length, and axes stores
    what it gets in 255 characters (PostgreSQL refuses more: a 500)."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get(settings.AXES_USERNAME_FORM_FIELD)
    return username[:USERNAME_MAX_LENGTH] if isinstance(username, str) else username


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Too many failed attempts to log in: logging in with this user name or from this "
        "address is blocked for %(minutes)d minute. Try again after that, or ask for a new "
        "password.",
        "Too many failed attempts to log in: logging in with this user name or from this "
        "address is blocked for %(minutes)d minutes. Try again after that, or ask for a new "
        "password.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The login page again, with the lock and how long it lasts (axes's AXES_LOCKOUT_CALLABLE);
    429. The same page for a user name that exists and one that does not."""
    username = attempted_username(request, credentials) or ""
    form = AuthenticationForm(request, initial={"username": username})
    return render(
        request,
        "registration/login.html",
        {"form": form, "lockout_message": lockout_message()},
        status=429,
    )


def _count(key: str) -> int:
    cache.add(key, 0, timeout=RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RESET_WINDOW_SECONDS)
        return 1


def password_reset_allowed(*, address: str, email: str) -> bool:
    """Count a password-reset request; False past the hourly limit of its address or of its
    e-mail address (whether an account has that address or not)."""
    email_key = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    by_address = _count(f"password-reset:address:{address}")
    by_email = _count(f"password-reset:email:{email_key}")
    return max(by_address, by_email) <= settings.PASSWORD_RESET_LIMIT_PER_HOUR


class LimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset (the same answer whether an account has the address or not),
    refused with a message past the hourly limit: 429, no e-mail sent."""

    def form_valid(self, form) -> HttpResponse:
        allowed = password_reset_allowed(
            address=client_address(self.request), email=form.cleaned_data["email"]
        )
        if allowed:
            return super().form_valid(form)
        form.add_error(
            None,
            ngettext(
                "Too many requests for a new password: try again in %(minutes)d minute.",
                "Too many requests for a new password: try again in %(minutes)d minutes.",
                RESET_WINDOW_SECONDS // 60,
            )
            % {"minutes": RESET_WINDOW_SECONDS // 60},
        )
        return self.render_to_response(self.get_context_data(form=form), status=429)

