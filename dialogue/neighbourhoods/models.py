from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from dialogue.extensions import db


class Neighbourhood(db.Model):
    __tablename__ = "neighbourhoods"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    district: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(1000), default="")

    def __repr__(self) -> str:
        return f"<Neighbourhood {self.slug}>"
