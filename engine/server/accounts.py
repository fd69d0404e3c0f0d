"""Local accounts: argon2 password hashes, server-side sessions, personal API tokens, slowed-down logins.

Session cookies and API tokens are random values of 256 bits; the database keeps only their
SHA-256, so a copy of the database opens no account. A session or token is one row: logging
out or revoking deletes or marks that row, and every worker process sees it at once.

A session or token row holds no rights of its own: each request reads the account's role and
gemeente again (`by_cookie`, `by_token`), so a lower role holds at once. A new password ends every
session and revokes every token of the account (`set_password`). What makes a session or a token
(`sign_in`, POST /api/tokens) and what ends them (`set_password`) first lock the account's row
(`lock_user`), so the two cannot cross: a session or token is never made after a reset by a
password or a session that the reset ended.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from ..errors import InputError, Problem, best_guess, quoted
from ..terminal import UNSAFE
from .tables import ROLES, ApiToken, Gebruiker, Gemeente, Inlogpoging
from .tables import Sessie as SessieRow

SESSION_DAYS = 7
FREE_FAILURES = 3  # failed logins before the wait begins
MAX_WAIT = 300  # seconds
FAILURES_KEPT = dt.timedelta(days=1)  # a failed login counts this long; older ones are deleted
ADDRESS_NAMES = 1000  # failed names one address may leave per day; beyond that, the address itself waits
TOKEN_PREFIX = "sw_"
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("een wachtwoord dat niemand heeft")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def utc(moment: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC time (SQLite hands times back without their zone)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Account:
    """Who is asking, as every request handler sees it."""

    id: int
    naam: str
    rol: str
    gemeente_id: int
    gemeente: str
    csrf: str | None = None  # set when the request came with a session cookie

    @property
    def may_write(self) -> bool:
        return self.rol in ("beheerder", "adviseur")


NAME_MAX = 200  # as the login form and /api/sessie accept
PASSWORD_MAX = 1000


def password_hash(wachtwoord: str) -> str | None:
    """The stored form of a password that passes the checks (None: it does not; `add_user` and
    `set_password` then say why). Callers make it before they open a write: hashing takes about
    150 ms of processor time, and on SQLite a write holds the one lock every other writer waits for."""
    return None if _password_problems(wachtwoord) else _HASHER.hash(wachtwoord)


def add_user(session: Session, gemeente: str, naam: str, rol: str, wachtwoord: str,
             hashed: str | None = None) -> Gebruiker:
    """A new account (the gemeente is created when it is new); a taken name or a bad role is refused.
    `hashed`: `password_hash(wachtwoord)`, made before the write (else it is made here)."""
    naam, gemeente = naam.strip(), gemeente.strip()
    problems = []
    if rol not in ROLES:
        problems.append(Problem(f"onbekende rol {quoted(rol)}", field="--rol", allowed=list(ROLES), suggestion=best_guess(rol, ROLES)))
    if not naam.strip():
        problems.append(Problem("een gebruikersnaam mag niet leeg zijn", field="--naam"))
    if not gemeente.strip():
        problems.append(Problem("de naam van de gemeente mag niet leeg zijn", field="--gemeente"))
    if len(naam) > NAME_MAX or len(gemeente) > NAME_MAX:
        field = "--naam" if len(naam) > NAME_MAX else "--gemeente"
        problems.append(Problem(f"deze naam is te lang: gebruik hoogstens {NAME_MAX} tekens", field=field))
    for field, text in (("--naam", naam), ("--gemeente", gemeente)):
        if _control(text):
            problems.append(Problem("deze naam bevat een onzichtbaar teken of een stuurteken; typ hem opnieuw", field=field))
    problems.extend(_password_problems(wachtwoord))
    storable = len(naam) <= NAME_MAX and not _control(naam)  # PostgreSQL cannot even be asked about a NUL
    if storable and session.scalar(select(Gebruiker.id).where(Gebruiker.naam == naam)) is not None:
        problems.append(Problem(f"er is al een gebruiker '{naam}'", field="--naam"))
    if problems:
        raise InputError(problems)
    place = session.scalar(select(Gemeente).where(Gemeente.naam == gemeente))
    if place is None:
        place = Gemeente(naam=gemeente)
        session.add(place)
        session.flush()
    user = Gebruiker(gemeente_id=place.id, naam=naam, rol=rol, wachtwoord=hashed or _HASHER.hash(wachtwoord),
                     aangemaakt=now())
    session.add(user)
    session.flush()
    return user


def _password_problems(wachtwoord: str) -> list[Problem]:
    """What is wrong with a new password (nothing: an empty list)."""
    problems = []
    if len(wachtwoord) < 12:
        problems.append(Problem("het wachtwoord is te kort: gebruik minstens 12 tekens", field="wachtwoord"))
    if len(wachtwoord) > PASSWORD_MAX or "\x00" in wachtwoord:
        problems.append(Problem(f"het wachtwoord kan niet: gebruik hoogstens {PASSWORD_MAX} tekens, zonder NUL-teken",
                                field="wachtwoord"))
    elif "\n" in wachtwoord or "\r" in wachtwoord:  # a browser leaves them out of a password field: no login
        problems.append(Problem("het wachtwoord kan niet: het mag geen nieuwe regel bevatten", field="wachtwoord"))
    elif _SURROGATE.search(wachtwoord):  # bytes that are no UTF-8 (standard input, environment): cannot be hashed
        problems.append(Problem("het wachtwoord bevat tekens die geen UTF-8 zijn; typ het opnieuw, of sla het bestand "
                                "op als UTF-8", field="wachtwoord"))
    return problems


_SURROGATE = re.compile("[\ud800-\udfff]")


def set_password(session: Session, user: Gebruiker, wachtwoord: str, keep: str | None = None,
                 hashed: str | None = None) -> int:
    """Give `user` a new password (for one who forgot it, or for an account that may be in the wrong
    hands) and return how many API tokens were revoked. Every session of the account ends, except the
    one whose cookie is `keep` (a beheerder who changes the own password stays logged in); every API
    token of the account is revoked, `keep` or not: a token made by whoever had the account must stop
    working. The failed logins with its name are forgotten, so the new password works at once. A
    password that is too short or too long is refused (InputError), and then nothing changes."""
    problems = _password_problems(wachtwoord)
    if problems:
        raise InputError(problems)
    user.wachtwoord = hashed or _HASHER.hash(wachtwoord)  # `hashed`: password_hash(wachtwoord), made before the write
    session.flush()  # the account's row is locked from here (PostgreSQL): see lock_user
    ended = delete(SessieRow).where(SessieRow.gebruiker_id == user.id)
    if keep is not None:
        ended = ended.where(SessieRow.sleutel != digest(keep))
    session.execute(ended)
    session.execute(delete(Inlogpoging).where(Inlogpoging.naam == user.naam))
    return revoke_tokens(session, user.id)


def lock_user(session: Session, user_id: int) -> Gebruiker | None:
    """The account's row as it is now, locked until the write ends (PostgreSQL; on SQLite every write
    holds the one write lock already). A write that makes a session or a token takes this first, and
    `set_password` changes the row first: whichever comes second sees what the first one did."""
    return session.scalar(select(Gebruiker).where(Gebruiker.id == user_id).with_for_update()
                          .execution_options(populate_existing=True))


def user_of(session: Session, gemeente_id: int, user_id: int) -> Gebruiker | None:
    """An account of the gemeente by its number; None when the gemeente has no such account."""
    return session.scalar(select(Gebruiker).where(Gebruiker.id == user_id, Gebruiker.gemeente_id == gemeente_id))


def _control(text: str) -> bool:
    """Whether a name holds a control character, a direction mark or an invisible character: a name
    that looks like another user's, or turns the text around it, is refused."""
    return UNSAFE.search(text) is not None or _INVISIBLE.search(text) is not None


_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")  # soft hyphen, zero widths, word joiner, BOM


def wait_left(session: Session, naam: str, adres: str) -> int:
    """Seconds this name from this address must still wait before it may try again (0: try now).

    An address that failed with more than ADDRESS_NAMES different names in a day waits MAX_WAIT for
    every name: it is trying names, and the table of failures must not grow without end."""
    tried = session.scalar(select(func.count()).select_from(Inlogpoging).where(Inlogpoging.adres == adres)) or 0
    if tried >= ADDRESS_NAMES:
        return MAX_WAIT
    row = session.scalar(select(Inlogpoging).where(Inlogpoging.naam == naam, Inlogpoging.adres == adres))
    if row is None or row.mislukt < FREE_FAILURES:
        return 0
    wait = min(MAX_WAIT, 2 ** (row.mislukt - FREE_FAILURES + 1))
    left = wait - (now() - utc(row.laatste)).total_seconds()
    return max(0, int(left + 0.999))


def user_named(session: Session, naam: str) -> Gebruiker | None:
    return session.scalar(select(Gebruiker).where(Gebruiker.naam == naam))


def password_matches(user: Gebruiker | None, wachtwoord: str) -> bool:
    """Whether the password is right; an unknown name costs as much time as a wrong password.

    Called outside any transaction: the hash takes tens of milliseconds and must not hold a lock."""
    try:
        return _HASHER.verify(user.wachtwoord if user else _DUMMY, wachtwoord) and user is not None
    except (VerificationError, InvalidHashError):
        return False


def count_failure(session: Session, naam: str, adres: str) -> None:
    row = session.scalar(select(Inlogpoging).where(Inlogpoging.naam == naam, Inlogpoging.adres == adres))
    if row is None:
        session.execute(delete(Inlogpoging).where(Inlogpoging.laatste < now() - FAILURES_KEPT))
        session.add(Inlogpoging(naam=naam, adres=adres, mislukt=1, laatste=now()))
    else:
        row.mislukt += 1
        row.laatste = now()


def forget_failures(session: Session, naam: str, adres: str) -> None:
    session.execute(delete(Inlogpoging).where(Inlogpoging.naam == naam, Inlogpoging.adres == adres))


def open_session(session: Session, user: Gebruiker) -> tuple[str, str]:
    """A new session for `user`: (cookie value, CSRF token). A login always gets a new session."""
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.execute(delete(SessieRow).where(SessieRow.verloopt < now()))  # expired sessions of anyone go
    session.add(SessieRow(sleutel=digest(cookie), gebruiker_id=user.id, csrf=csrf, aangemaakt=now(),
                          verloopt=now() + dt.timedelta(days=SESSION_DAYS)))
    return cookie, csrf


def close_session(session: Session, cookie: str) -> None:
    session.execute(delete(SessieRow).where(SessieRow.sleutel == digest(cookie)))


def account(user: Gebruiker, gemeente: Gemeente, csrf: str | None = None) -> Account:
    return Account(id=user.id, naam=user.naam, rol=user.rol, gemeente_id=gemeente.id, gemeente=gemeente.naam, csrf=csrf)


def by_cookie(session: Session, cookie: str) -> Account | None:
    found = session.execute(select(SessieRow, Gebruiker, Gemeente).join(Gebruiker, SessieRow.gebruiker_id == Gebruiker.id)
                            .join(Gemeente, Gebruiker.gemeente_id == Gemeente.id)
                            .where(SessieRow.sleutel == digest(cookie))).first()
    if found is None or utc(found[0].verloopt) <= now():
        return None
    return account(found[1], found[2], found[0].csrf)


def by_token(session: Session, token: str) -> Account | None:
    found = session.execute(select(ApiToken, Gebruiker, Gemeente).join(Gebruiker, ApiToken.gebruiker_id == Gebruiker.id)
                            .join(Gemeente, Gebruiker.gemeente_id == Gemeente.id)
                            .where(ApiToken.sleutel == digest(token))).first()
    if found is None or found[0].ingetrokken is not None:
        return None
    return account(found[1], found[2])


def new_token(session: Session, user_id: int, naam: str) -> tuple[ApiToken, str]:
    """A personal API token: the row and the token itself (shown once, never stored)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(sleutel=digest(token), gebruiker_id=user_id, naam=naam, aangemaakt=now())
    session.add(row)
    session.flush()
    return row, token


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass"))


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.gebruiker_id == user_id).order_by(ApiToken.id)).all())


def revoke_token(session: Session, user_id: int, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False when the user has no such token."""
    row = session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.gebruiker_id == user_id))
    if row is None:
        return False
    if row.ingetrokken is None:
        row.ingetrokken = now()
    return True


def revoke_tokens(session: Session, user_id: int) -> int:
    """Revoke every token of the account that still works; how many that were. The rows stay, marked
    revoked, so the owner still sees them in /api/tokens."""
    result = session.execute(update(ApiToken).where(ApiToken.gebruiker_id == user_id, ApiToken.ingetrokken.is_(None))
                             .values(ingetrokken=now()).execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def active_tokens(session: Session, gemeente_id: int) -> dict[int, int]:
    """How many working tokens each account of the gemeente has (an account without one is left out)."""
    rows = session.execute(select(ApiToken.gebruiker_id, func.count()).join(Gebruiker, ApiToken.gebruiker_id == Gebruiker.id)
                           .where(Gebruiker.gemeente_id == gemeente_id, ApiToken.ingetrokken.is_(None))
                           .group_by(ApiToken.gebruiker_id)).all()
    return {int(user_id): int(count) for user_id, count in rows}


def revoked_text(count: int) -> str:
    """How many tokens were revoked, as a user reads it (B1 Dutch; no capital, no full stop)."""
    if count == 0:
        return "er waren geen API-tokens om in te trekken"
    return "1 API-token is ingetrokken" if count == 1 else f"{count} API-tokens zijn ingetrokken"


def users_of(session: Session, gemeente_id: int) -> list[Gebruiker]:
    """The accounts of one gemeente, by name."""
    return list(session.scalars(select(Gebruiker).where(Gebruiker.gemeente_id == gemeente_id)
                                .order_by(Gebruiker.naam, Gebruiker.id)).all())


def set_role(session: Session, gemeente_id: int, user_id: int, rol: str) -> Gebruiker | None:
    """Give an account of the gemeente another role; None when the gemeente has no such account.

    Refused (InputError) for an unknown role, and when it would leave the gemeente without a beheerder."""
    user = user_of(session, gemeente_id, user_id)
    if user is None:
        return None
    if rol not in ROLES:
        raise InputError([Problem(f"onbekende rol {quoted(rol)}", field="rol", allowed=list(ROLES), suggestion=best_guess(rol, ROLES))])
    if user.rol == "beheerder" and rol != "beheerder":
        others = session.scalar(select(func.count()).select_from(Gebruiker).where(
            Gebruiker.gemeente_id == gemeente_id, Gebruiker.rol == "beheerder", Gebruiker.id != user.id))
        if not others:
            raise InputError([Problem(f"'{user.naam}' is de enige beheerder van de gemeente; maak eerst iemand anders "
                                      "beheerder", field="rol")])
    user.rol = rol
    return user
