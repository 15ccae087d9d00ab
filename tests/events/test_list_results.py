"""The event list leads a keyboard to its results: the filter sends the browser to #results (a region with a
heading), the page links keep to it, a skip link to it is there once the list is filtered, and the dates fold away
until one is used."""

from datetime import timedelta

from dialogue.database import utcnow
from dialogue.extensions import db
from tests.factories import make_event
from tests.registrations.helpers import attributes, element_text
from tests.support import use_english


def _page(client, query: str = "") -> str:
    response = client.get(f"/events/{query}")
    assert response.status_code in (200, 422)
    return response.get_data(as_text=True)


def test_the_filter_leads_to_the_results_region(client, ctx):
    make_event()
    db.session.commit()
    use_english(client)
    html = _page(client)
    assert '<form method="get" action="/events/#results" class="filters"' in html
    region = attributes(html, "results")
    assert (region["aria-labelledby"], region["tabindex"]) == ("results-heading", "-1")
    assert element_text(html, "results-heading") == "Results"
    assert 'href="#results"' not in html  # no skip link before filtering

    assert 'href="#results"' not in _page(client, "?neighbourhood=&kind=&date_from=&date_to=&language=")  # none chosen
    filtered = _page(client, "?neighbourhood=&kind=citizen_dialogue&date_from=&date_to=&language=")
    assert '<a class="skip-link" href="#results">Skip to the results</a>' in filtered


def test_the_dates_fold_away_until_one_is_used(client, ctx):
    make_event()
    db.session.commit()
    assert "open" not in attributes(_page(client), "filter-dates")
    assert "open" not in attributes(_page(client, "?date_from=&date_to="), "filter-dates")
    assert "open" in attributes(_page(client, "?date_from=2031-01-01"), "filter-dates")
    assert "open" in attributes(_page(client, "?date_to=2031-02-30"), "filter-dates")  # with its error shown


def test_the_page_links_keep_to_the_results(client, ctx):
    now = utcnow()
    for number in range(21):
        make_event(starts_at=now + timedelta(days=1, hours=number))
    db.session.commit()
    html = _page(client, "?kind=citizen_dialogue")
    assert 'href="/events/?page=2&amp;kind=citizen_dialogue#results" rel="next"' in html
