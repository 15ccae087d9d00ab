from flask import Blueprint

bp = Blueprint("initiatives", __name__, url_prefix="/staff/initiatives")
