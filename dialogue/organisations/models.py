import enum

from sqlalchemy import String
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
