import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from dialogue.database import enum_type
from dialogue.extensions import db


class OrganisationKind(str, enum.Enum):
    PROPERTY_OWNER = "property_owner"
    BUILDER = "builder"
    ASSOCIATION = "association"
    BUSINESS = "business"
    PUBLIC_BODY = "public_body"
    ACADEMIA = "academia"


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_type(OrganisationKind, "organisation_kind"))

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"


class SiteRelation(str, enum.Enum):
    OWNS = "owns"
    BUILDS = "builds"


class OrganisationNeighbourhood(db.Model):
    """A property owner owns, or a builder builds, in this neighbourhood."""

    __tablename__ = "organisation_neighbourhoods"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhoods.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    relation: Mapped[SiteRelation] = mapped_column(enum_type(SiteRelation, "site_relation"), primary_key=True)
