"""The privacy page: what Dialogue keeps, why, on which legal basis, who sees it and for how long. The periods are
read from the settings the purge obeys (dialogue.privacy.retention); the city and its contacts from CITY_NAME,
CITY_ADDRESS, PRIVACY_CONTACT_EMAIL and DPO_EMAIL."""

from flask import current_app, render_template

from dialogue.accounts.models import ACCOUNT_MIN_AGE
from dialogue.page_cache import kept_for_visitors
from dialogue.privacy import bp
from dialogue.privacy.retention import Retention, period_text


@bp.get("/privacy")
@kept_for_visitors
def page():
    retention = Retention.from_config()
    periods = {name: period_text(days) for name, days in vars(retention).items()}
    config = current_app.config
    return render_template(
        "privacy/page.html",
        periods=periods,
        city=config["CITY_NAME"],
        city_address=config["CITY_ADDRESS"],
        contact_email=config["PRIVACY_CONTACT_EMAIL"],
        dpo_email=config["DPO_EMAIL"],
        min_age=ACCOUNT_MIN_AGE,
    )
