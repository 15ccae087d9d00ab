"""The bare page the benchmarks compare Dialogue's pages with: Flask, one `SELECT 1` through SQLAlchemy's pool and a
small Jinja template, served by the same gunicorn with the same configuration. What a page costs beyond this is
Dialogue's own work."""

import os

from flask import Flask, render_template_string
from sqlalchemy import create_engine, text

TEMPLATE = """<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>
<h1>{{ title }}</h1>
<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>
<p>{{ answer }}</p>
</body>
</html>
"""

app = Flask(__name__)
engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=False)


@app.get("/")
def bare():
    with engine.connect() as connection:
        answer = connection.execute(text("SELECT 1")).scalar_one()
    return render_template_string(TEMPLATE, title="Bare", items=("one", "two", "three"), answer=answer)
