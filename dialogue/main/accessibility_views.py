"""The accessibility statement (tillgänglighetsredogörelse) that the Swedish law on accessible digital public service
(DOS-lagen) asks of a public body's website: how far Dialogue meets WCAG 2.1 AA (EN 301 549), what is known not to,
how it is tested, and where to report a problem or ask for content in another form. The city, its contacts and the
day of the last review come from the configuration (CITY_NAME, ACCESSIBILITY_CONTACT_EMAIL, CONTACT_PHONE,
ACCESSIBILITY_REVIEWED_ON), so another city states its own."""

from flask import current_app, render_template

from dialogue.main import bp
from dialogue.page_cache import kept_for_visitors

# Where the supervisory authority, Myndigheten för digital förvaltning (DIGG), takes complaints.
SUPERVISOR_URL = "https://www.digg.se/tdosanmalan"


@bp.get("/accessibility")
@kept_for_visitors
def accessibility():
    config = current_app.config
    return render_template(
        "main/accessibility.html",
        city=config["CITY_NAME"],
        contact_email=config["ACCESSIBILITY_CONTACT_EMAIL"],
        contact_phone=config["CONTACT_PHONE"],
        reviewed_on=config["ACCESSIBILITY_REVIEWED_ON"],
        supervisor_url=SUPERVISOR_URL,
    )
