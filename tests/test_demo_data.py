"""The demo's data files (dialogue/demo/data/*.toml): read into typed records, strictly, and consistent with each
other, so that a typo in a text file fails here with its name rather than as a missing record in the demo."""

from dataclasses import dataclass

import pytest

from dialogue.demo.accounts import DEMO_ACCOUNTS
from dialogue.demo.contributions import DEMO_FEEDBACK, DEMO_PROPOSALS
from dialogue.demo.events import DEMO_EVENTS
from dialogue.demo.places import NEIGHBOURHOODS, ORGANISATIONS
from dialogue.demo.records import records
from dialogue.demo.workspace import HELD_EVENTS, INITIATIVES
from dialogue.events.models import EventKind


@dataclass(frozen=True, kw_only=True)
class Sample:
    kind: EventKind
    languages: tuple[str, ...] = ()
    capacity: int | None = None


def test_a_record_converts_enums_and_arrays_and_leaves_out_what_is_missing():
    (sample,) = records(Sample, [{"kind": "exhibition", "languages": ["sv", "fi"]}])

    assert sample == Sample(kind=EventKind.EXHIBITION, languages=("sv", "fi"), capacity=None)


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ({"kind": "exhibition", "capacty": 10}, TypeError),  # a misspelt key
        ({"languages": ["sv"]}, TypeError),  # a required key missing
        ({"kind": "concert"}, ValueError),  # not a kind of event
    ],
    ids=["unknown-key", "missing-key", "unknown-value"],
)
def test_a_record_refuses_what_its_type_does_not_have(row, error):
    with pytest.raises(error):
        records(Sample, [row])


def test_every_name_a_data_file_refers_to_is_defined_in_the_data():
    slugs = {neighbourhood.slug for neighbourhood in NEIGHBOURHOODS}
    organisations = {organisation.name for organisation in ORGANISATIONS}
    titles = {event.title for event in (*DEMO_EVENTS, *HELD_EVENTS)}

    referred_slugs = {event.neighbourhood for event in (*DEMO_EVENTS, *HELD_EVENTS)}
    referred_slugs |= {item.neighbourhood for item in (*DEMO_PROPOSALS, *DEMO_FEEDBACK)}
    referred_slugs |= {slug for organisation in ORGANISATIONS for slug in (*organisation.owns, *organisation.builds)}
    referred_slugs |= {slug for account in DEMO_ACCOUNTS for slug in account.neighbourhoods}
    referred_slugs |= {slug for initiative in INITIATIVES for slug in initiative.neighbourhoods}
    referred_organisations = {account.organisation for account in DEMO_ACCOUNTS if account.organisation}
    referred_organisations |= {name for event in HELD_EVENTS for name in (*event.cohosts, *event.participants)}
    referred_organisations |= {name for initiative in INITIATIVES for name in initiative.partners}

    assert referred_slugs <= slugs, referred_slugs - slugs
    assert referred_organisations <= organisations, referred_organisations - organisations
    assert {title for initiative in INITIATIVES for title in initiative.events} <= titles
    assert len(titles) == len(DEMO_EVENTS) + len(HELD_EVENTS)  # a title and its neighbourhood find an event
    assert len(slugs) == len(NEIGHBOURHOODS) and len(organisations) == len(ORGANISATIONS)
