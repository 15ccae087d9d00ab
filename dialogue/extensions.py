"""Extension objects, created unbound and attached to the app in create_app(). Flask-Migrate is the commands'
alone (dialogue.cli.migrations): serving pages never needs it."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from dialogue.database import Base

db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
