"""gunicorn's settings as shipped (gunicorn.conf.py): a worker freezes what it loaded, so that Python's collector does
not walk Dialogue's models, routes and translations in the middle of an answer."""

import gc
import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"


def test_a_worker_freezes_what_it_loaded_once_dialogue_is_loaded():
    settings = runpy.run_path(str(CONFIG))
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        settings["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
