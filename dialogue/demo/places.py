"""The demo's neighbourhoods and organisations, and where its property owners and builders own or build."""

from dataclasses import dataclass

from sqlalchemy import select

from dialogue.demo.records import read_data, records
from dialogue.demo.seeding import Seeding
from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood
from dialogue.organisations.models import Organisation, OrganisationKind, OrganisationNeighbourhood, SiteRelation


@dataclass(frozen=True, kw_only=True)
class DemoNeighbourhood:
    name: str
    slug: str
    district: str
    description: str


@dataclass(frozen=True, kw_only=True)
class DemoOrganisation:
    name: str
    kind: OrganisationKind
    owns: tuple[str, ...] = ()  # neighbourhood slugs
    builds: tuple[str, ...] = ()


NEIGHBOURHOODS = records(DemoNeighbourhood, read_data("neighbourhoods")["neighbourhoods"])
ORGANISATIONS = records(DemoOrganisation, read_data("organisations")["organisations"])


def seed_places(seeding: Seeding) -> None:
    seeding.neighbourhoods = {n.slug: n for n in db.session.scalars(select(Neighbourhood))}
    for demo in NEIGHBOURHOODS:
        if demo.slug not in seeding.neighbourhoods:
            neighbourhood = Neighbourhood(
                name=demo.name, slug=demo.slug, district=demo.district, description=demo.description
            )
            seeding.neighbourhoods[demo.slug] = neighbourhood
            db.session.add(neighbourhood)
            seeding.count("neighbourhoods")
    seeding.organisations = {o.name: o for o in db.session.scalars(select(Organisation))}
    for demo in ORGANISATIONS:
        if demo.name not in seeding.organisations:
            seeding.organisations[demo.name] = Organisation(name=demo.name, kind=demo.kind)
            db.session.add(seeding.organisations[demo.name])
            seeding.count("organisations")
    db.session.flush()
    _seed_sites(seeding)


def _seed_sites(seeding: Seeding) -> None:
    for demo in ORGANISATIONS:
        organisation_id = seeding.organisations[demo.name].id
        for relation, slugs in ((SiteRelation.OWNS, demo.owns), (SiteRelation.BUILDS, demo.builds)):
            for slug in slugs:
                key = (organisation_id, seeding.neighbourhoods[slug].id, relation)
                if db.session.get(OrganisationNeighbourhood, key) is None:
                    db.session.add(
                        OrganisationNeighbourhood(organisation_id=key[0], neighbourhood_id=key[1], relation=relation)
                    )
                    seeding.count("organisation sites")
    db.session.flush()
