"""The Content-Security-Policy in the browser: viewflow's frontend works under it (every
journey fails on a refused script, style, font or image: `Journey.problems`), and that check
does see what the policy refuses."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_the_journeys_see_what_the_policy_refuses(journey, coordinator):
    # given: a signed-in page, nothing refused while it loaded (Turbo's progress-bar style
    # carries the page's nonce)
    journey.login("coordinator")
    journey.shot("the start page")
    assert journey.csp_violations == []

    # when: a style element without the nonce and an inline script appear on the page
    journey.page.evaluate("""() => {
        const style = document.createElement("style");
        style.textContent = "body { background: red; }";
        document.head.appendChild(style);
        const script = document.createElement("script");
        script.textContent = "document.body.dataset.injected = 'yes';";
        document.body.appendChild(script);
    }""")

    # then: both refused, and reported
    expect(journey.page.locator("body")).not_to_have_attribute("data-injected", "yes")
    journey.page.wait_for_timeout(200)
    refused = " ".join(journey.csp_violations)
    assert "style-src-elem refused inline" in refused
    assert "script-src-elem refused inline" in refused
    journey.csp_violations.clear()  # seen; the journey itself has no problem


def test_a_turbo_visit_keeps_the_style_of_the_first_page(journey, coordinator):
    # given
    journey.login("coordinator")
    journey.shot("the start page")

    # when: on through the menu (Turbo fetches the page; the document stays)
    journey.page.get_by_role("link", name="Vrijwilligersregister", exact=True).click()
    journey.page.wait_for_url(lambda url: "/overview/" not in url)
    journey.shot("the register")

    # then: nothing refused (the fixture fails the test otherwise)
    assert journey.csp_violations == []
