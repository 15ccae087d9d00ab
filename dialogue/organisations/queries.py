"""Organisations for other domains' forms and rules: the list to choose from, and which kinds have sites."""

from sqlalchemy import Select, select
from sqlalchemy.orm import raiseload

from dialogue.extensions import db
from dialogue.organisations.models import Organisation, OrganisationKind

# Only these kinds own or build in a neighbourhood (and only their people review proposals).
SITE_KINDS = frozenset({OrganisationKind.PROPERTY_OWNER, OrganisationKind.BUILDER})


def organisations_select(kind: OrganisationKind | None = None) -> Select:
    query = select(Organisation).options(raiseload("*")).order_by(Organisation.name, Organisation.id)
    if kind:
        query = query.where(Organisation.kind == kind)
    return query


def all_organisations() -> list[Organisation]:
    """Every organisation by name, for choosing partners, co-hosts or participants in a form."""
    return list(db.session.scalars(organisations_select()))
