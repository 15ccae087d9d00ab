from sqlalchemy import select

from dialogue.extensions import db
from dialogue.neighbourhoods.models import Neighbourhood


def all_neighbourhoods() -> list[Neighbourhood]:
    return list(db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)))


def neighbourhood_by_slug(slug: str) -> Neighbourhood | None:
    return db.session.scalars(select(Neighbourhood).where(Neighbourhood.slug == slug)).one_or_none()
