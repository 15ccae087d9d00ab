"""What the values of this domain's enums are called on a page, translated (see dialogue.labels)."""

from flask_babel import lazy_gettext as _l

from dialogue.labels import register
from dialogue.organisations.models import OrganisationKind, SiteRelation

register(
    {
        OrganisationKind: {
            OrganisationKind.PROPERTY_OWNER: _l("Property owner"),
            OrganisationKind.BUILDER: _l("Builder"),
            OrganisationKind.ASSOCIATION: _l("Association"),
            OrganisationKind.BUSINESS: _l("Business"),
            OrganisationKind.PUBLIC_BODY: _l("Public body"),
            OrganisationKind.ACADEMIA: _l("Academia"),
        },
        SiteRelation: {SiteRelation.OWNS: _l("Owns property here"), SiteRelation.BUILDS: _l("Builds here")},
    }
)
