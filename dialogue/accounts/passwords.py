"""What makes a password acceptable, and login that does the same work whether or not the account exists.

The common passwords are the 30,000 most used ones in zxcvbn's frequency list: the first that an attacker
tries against every account. zxcvbn is imported when a process first judges a chosen password, not when the
app starts: with its other word lists it takes some 14 MB, which a process that only serves pages and logins
never needs.
"""

from functools import cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from dialogue.accounts.models import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH


@cache
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def _plain(text: str) -> str:
    return "".join(text.split()).casefold()


def password_refusal(password: str, email: str = "", name: str = ""):
    """Why this password will not do for the account of `email` and `name`, or None when it will."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return _l("The password must be at least 8 characters.")
    if len(password) > PASSWORD_MAX_LENGTH:
        return _l("The password must be between 8 and 200 characters.")
    plain = _plain(password)
    if plain in common_passwords():
        return _l(
            "This is one of the most common passwords, which are tried first against every account. "
            "Choose another: a few words that do not belong together are easy to remember."
        )
    person = {_plain(email), _plain(email.split("@")[0]), _plain(name)} - {""}
    if plain in person:
        return _l("The password must not be your email address or your name.")
    return None


@cache
def _stand_in_hash(method: str) -> str:
    return generate_password_hash("no account has this password", method=method)


def spend_a_password_check(password: str) -> None:
    """Check `password` against a stand-in hash, so that an unknown email address takes as long to refuse as a
    wrong password: the time of an answer tells nobody which addresses have an account."""
    check_password_hash(_stand_in_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)


def _method_of(password_hash: str) -> str:
    return password_hash.split("$", 1)[0]


def hashed_with_current_method(password_hash: str) -> bool:
    """Whether a stored hash was made with today's method and parameters (a hash names them in full before its
    '$', e.g. "scrypt:32768:8:1" where the setting says "scrypt")."""
    return _method_of(password_hash) == _method_of(_stand_in_hash(current_app.config["PASSWORD_HASH_METHOD"]))
