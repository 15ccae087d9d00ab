"""One demo account per role, with the password `flask seed demo` prints."""

from dataclasses import dataclass

from dialogue.accounts.services import create_user, user_by_email
from dialogue.demo.records import read_data, records
from dialogue.demo.seeding import Seeding
from dialogue.permissions import Role


@dataclass(frozen=True, kw_only=True)
class DemoAccount:
    role: Role
    email: str
    name: str
    password: str
    staff_title: str | None = None
    organisation: str | None = None  # name
    neighbourhoods: tuple[str, ...] = ()  # slugs where a developer reviews and answers proposals


DEMO_ACCOUNTS = records(DemoAccount, read_data("accounts")["accounts"])


def seed_accounts(seeding: Seeding) -> None:
    for account in DEMO_ACCOUNTS:
        user = user_by_email(account.email)
        if user is None:
            user = create_user(
                email=account.email,
                name=account.name,
                password=account.password,
                role=account.role,
                staff_title=account.staff_title,
            )
            if account.organisation:
                user.organisation = seeding.organisations[account.organisation]
            seeding.count("accounts")
        seeding.accounts[account.role] = user
