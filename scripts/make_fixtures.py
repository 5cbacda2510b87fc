"""Generate the bundled default dataset (``fixtures/default``): a small, realistic, deterministic product.

Usage: ``python scripts/make_fixtures.py OUTDIR``. The output is the data directory format of fixtures.md.

"Hedgebox", a file-sharing app: a marketing site and a web app, plus a mobile app. Visitors come from search,
newsletters and social links (with utm parameters), browse, sign up (``$identify`` links their anonymous id to
their user id), use the app inside their company's group, and some buy. A few accounts are PostHog staff
(``@posthog.com``, the usual test-account filter); some visitors stay anonymous, so the loader creates their
persons. Every random choice comes from one seeded ``random.Random``, so the output is byte-for-byte stable.
"""

from __future__ import annotations

import json
import random
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SEED = 20261120
END = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # every event is before this instant
DAYS = 30
START = END - timedelta(days=DAYS)
PERSON_COUNT = 180
ANONYMOUS_COUNT = 45
STAFF_COUNT = 8
MAX_SESSION = timedelta(minutes=30)

SITE = "hedgebox.example"
APP = "app.hedgebox.example"
SITE_PAGES = ["/", "/", "/pricing", "/pricing", "/features", "/blog/launch-week", "/blog/sharing-tips"]
APP_PAGES = ["/home", "/home", "/files", "/files", "/files/shared", "/settings", "/team"]
SCREENS = ["Home", "Files", "Files", "Shared", "Settings", "Upload"]
CAMPAIGNS = [
    ("google", "cpc", "fall_sale"),
    ("newsletter", "email", "november_digest"),
    ("twitter", "social", "launch_week"),
]
REFERRERS = ["$direct", "$direct", "www.google.com", "www.google.com", "news.ycombinator.com", "t.co"]
FIRST_NAMES = [
    "Alice", "Bob", "Carla", "Dmitri", "Elena", "Farah", "Gustav", "Hana", "Ivan", "José", "Kemi", "Liam",
    "Maya", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Xavier",
    "Yara", "Zoë", "Łukasz", "Amélie", "Björn", "Chen",
]  # fmt: skip
LAST_NAMES = [
    "Smith", "Garcia", "Müller", "Kowalski", "Okafor", "Tanaka", "Rossi", "Nguyen", "Silva", "Johansson",
    "Petrov", "Khan", "Dubois", "Murphy", "Novak", "Haddad", "Larsen", "Moreau", "Schmidt", "Ito",
]  # fmt: skip
FREE_MAIL = ["gmail.com", "outlook.com", "proton.me", "fastmail.com"]
PLANS = ["free", "pro", "enterprise"]
PLAN_WEIGHTS = [60, 30, 10]
PRICES = {"free": 0.0, "pro": 12.5, "enterprise": 99.0}
CLICKS = [
    ('button.btn-primary:nth-child="1"text="Upload"', "Upload"),
    ('a.nav-link:href="/files/shared"nth-child="2"text="Shared"', "Shared"),
    ('button.share:nth-child="3"text="Share link"', "Share link"),
    ('a:href="/pricing"nth-child="1"text="See pricing"', "See pricing"),
]


@dataclass(frozen=True)
class Company:
    key: str
    name: str
    domain: str
    industry: str
    employees: int
    plan: str
    created_at: str
    projects: tuple[str, ...]


COMPANIES = [
    Company("acme", "Acme Corp", "acme.example", "manufacturing", 1200, "enterprise",
            "2025-03-14T09:00:00Z", ("acme-web", "acme-mobile")),
    Company("globex", "Globex", "globex.example", "energy", 340, "pro",
            "2025-08-02T16:30:00Z", ("globex-main",)),
    Company("initech", "Initech", "initech.example", "software", 85, "pro",
            "2026-01-20T11:15:00Z", ()),
    Company("umbrella", "Umbrella Health", "umbrella.example", "healthcare", 560, "enterprise",
            "2026-05-05T08:45:00Z", ()),
]  # fmt: skip


@dataclass(frozen=True)
class Device:
    browser: str | None  # None: the mobile app
    os: str
    device_type: str
    screen_width: int


DEVICES = [
    (Device("Chrome", "Windows", "Desktop", 1920), 30),
    (Device("Chrome", "Mac OS X", "Desktop", 1440), 14),
    (Device("Safari", "Mac OS X", "Desktop", 1512), 12),
    (Device("Firefox", "Linux", "Desktop", 1920), 6),
    (Device("Edge", "Windows", "Desktop", 1366), 8),
    (Device("Safari", "iOS", "Mobile", 390), 12),
    (Device("Chrome", "Android", "Mobile", 412), 8),
    (Device(None, "iOS", "Mobile", 393), 6),
    (Device(None, "Android", "Mobile", 411), 4),
]


@dataclass
class Visitor:
    """Someone who shows up in the data: a person row (``email`` set) or an anonymous visitor."""

    anon_id: str | None
    user_id: str | None
    device: Device
    email: str | None = None
    name: str | None = None
    plan: str = "free"
    company: Company | None = None
    signs_up: bool = False
    created_at: datetime | None = None
    session_count: int = 1
    person_id: str = ""
    events: list[dict[str, Any]] = field(default_factory=list)


class Generator:
    """All the random choices, in one fixed order."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def uuid4(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def uuid7(self, at: datetime) -> str:
        """A UUIDv7 (what posthog-js uses for session and window ids): milliseconds, then random bits."""
        bits = (int(at.timestamp() * 1000) << 80) | (0x7 << 76) | (self.rng.getrandbits(12) << 64)
        bits |= (0b10 << 62) | self.rng.getrandbits(62)
        return str(uuid.UUID(int=bits))

    def pick(self, items: list[Any]) -> Any:
        return items[self.rng.randrange(len(items))]

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def page_count(self) -> int:
        """How many pages or clicks follow a session's entry: mostly a few, sometimes many."""
        return self.rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 7])

    # --- people ---

    def visitors(self) -> list[Visitor]:
        people = [self.person(number) for number in range(1, PERSON_COUNT + 1)]
        return people + [self.anonymous() for _ in range(ANONYMOUS_COUNT)]

    def person(self, number: int) -> Visitor:
        device = self.device()
        web = device.browser is not None
        visitor = Visitor(self.uuid7(START) if web and self.chance(0.65) else None, f"user-{number:04d}", device)
        visitor.name = f"{self.pick(FIRST_NAMES)} {self.pick(LAST_NAMES)}"
        staff = number <= STAFF_COUNT
        visitor.company = self.pick(COMPANIES) if self.chance(0.35) and not staff else None
        visitor.email = self.email(visitor.name, visitor.company, staff=staff)
        visitor.plan = visitor.company.plan if visitor.company else self.rng.choices(PLANS, PLAN_WEIGHTS)[0]
        visitor.signs_up = visitor.anon_id is not None and self.chance(0.4)
        visitor.created_at = None if visitor.signs_up else self.earlier()
        visitor.session_count = self.rng.choice([1, 2, 3, 3, 4, 4, 5, 6, 8, 10])
        if not visitor.signs_up and self.chance(0.04):
            visitor.session_count = 0  # signed up long ago, not seen in the last 30 days
        visitor.person_id = self.uuid4()
        return visitor

    def anonymous(self) -> Visitor:
        device = self.device()
        while device.browser is None:  # the app needs a login, so anonymous visitors use a browser
            device = self.device()
        return Visitor(self.uuid7(START), None, device, session_count=self.rng.choice([1, 1, 1, 2, 3]))

    def device(self) -> Device:
        devices, weights = zip(*DEVICES, strict=True)
        chosen: Device = self.rng.choices(devices, weights)[0]
        return chosen

    def email(self, name: str, company: Company | None, *, staff: bool) -> str:
        local = name.split()[0].lower() + "." + name.split()[1].lower() + str(self.rng.randrange(10, 99))
        domain = "posthog.com" if staff else company.domain if company else self.pick(FREE_MAIL)
        return f"{local}@{domain}"

    def earlier(self) -> datetime:
        """A sign-up time in the year before the window."""
        return START - timedelta(days=self.rng.randrange(1, 365), seconds=self.rng.randrange(86400))

    # --- sessions ---

    def day(self) -> datetime:
        """Midnight of one of the window's days."""
        return START.replace(hour=0, minute=0, second=0) + timedelta(days=self.rng.randrange(1, DAYS + 1))

    def session_starts(self, count: int) -> list[datetime]:
        starts = [self.session_start() for _ in range(count)]
        return sorted(starts)

    def session_start(self) -> datetime:
        day = self.day()
        if day.weekday() >= 5 and self.chance(0.5):  # weekends are quieter
            day = self.day()
        hour = min(23, max(0, round(self.rng.gauss(14, 4))))
        at = day + timedelta(hours=hour, seconds=self.rng.randrange(3600))
        # Keep the window's edges: sessions start after START and end before END.
        return min(max(at, START + timedelta(minutes=1)), END - MAX_SESSION - timedelta(minutes=5))


def url(host: str, path: str, query: str = "") -> str:
    return f"https://{host}{path}{query}"


class SessionWriter:
    """Events of one session: one device, one session id, one or two window ids."""

    def __init__(self, gen: Generator, visitor: Visitor, start: datetime, *, logged_in: bool) -> None:
        self.gen, self.visitor, self.at, self.logged_in = gen, visitor, start, logged_in
        distinct_id = visitor.user_id if logged_in else visitor.anon_id
        assert distinct_id is not None
        self.distinct_id = distinct_id
        self.session_id = gen.uuid7(start)
        self.windows = [gen.uuid7(start)]
        projects = list(visitor.company.projects) if visitor.company else []
        self.project: str | None = gen.pick(projects) if projects else None
        self.page = ""  # the last page viewed, which $pageleave reports

    def emit(self, event: str, properties: dict[str, Any]) -> None:
        self.at += timedelta(seconds=round(self.gen.rng.uniform(3, 90), 3))
        if len(self.windows) == 1 and self.gen.chance(0.03):
            self.windows.append(self.gen.uuid7(self.at))  # opened a second tab
        props = {**self.device_properties(), **properties, **self.ids()}
        stamp = self.at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        row = {"event": event, "distinct_id": self.distinct_id, "timestamp": stamp, "properties": props}
        self.visitor.events.append(row)

    def device_properties(self) -> dict[str, Any]:
        device = self.visitor.device
        browser = {"$browser": device.browser} if device.browser else {"$lib": "posthog-" + device.os.lower()}
        return {
            **browser,
            "$os": device.os,
            "$device_type": device.device_type,
            "$screen_width": device.screen_width,
        }

    def ids(self) -> dict[str, Any]:
        groups = self.groups() if self.logged_in else None
        window = self.windows[-1] if self.gen.chance(0.7) else self.windows[0]
        return {
            "$session_id": self.session_id,
            "$window_id": window,
            **({"$groups": groups} if groups else {}),
        }

    def groups(self) -> dict[str, str] | None:
        company = self.visitor.company
        if company is None:
            return None
        project = {"project": self.project} if self.project else {}
        return {"company": company.key, **project}

    def pageview(self, host: str, path: str, query: str = "", entry: dict[str, Any] | None = None) -> None:
        props: dict[str, Any] = {"$current_url": url(host, path, query), "$host": host, "$pathname": path}
        self.emit("$pageview", {**props, **(entry or {})})
        self.page = url(host, path)

    def identify(self) -> None:
        assert self.visitor.user_id is not None
        anon, self.distinct_id, self.logged_in = self.distinct_id, self.visitor.user_id, True
        self.emit("signed_up", {"plan": self.visitor.plan, "$current_url": url(SITE, "/signup")})
        self.emit("$identify", {"$anon_distinct_id": anon, "$set": {"email": self.visitor.email}})


class SessionPlan:
    """What happens in a session: where it enters, what it clicks, whether it signs up or buys."""

    def __init__(self, gen: Generator) -> None:
        self.gen = gen

    def web(self, writer: SessionWriter, *, sign_up: bool) -> None:
        if writer.logged_in:
            self.app_visit(writer)
        else:
            self.site_visit(writer, sign_up=sign_up)
        if writer.logged_in and writer.visitor.plan != "free" and self.gen.chance(0.12):
            self.purchase(writer)
        if self.gen.chance(0.7):  # a closed tab or a crash sends no $pageleave
            writer.emit("$pageleave", {"$current_url": writer.page})

    def site_visit(self, writer: SessionWriter, *, sign_up: bool) -> None:
        query, entry = self.entry()
        writer.pageview(SITE, self.gen.pick(SITE_PAGES), query, entry)
        for _ in range(self.gen.page_count()):
            self.browse(writer, SITE, SITE_PAGES)
        if sign_up:
            writer.pageview(SITE, "/signup")
            writer.identify()
            writer.pageview(APP, "/home")

    def app_visit(self, writer: SessionWriter) -> None:
        writer.pageview(APP, "/home", entry={"$referring_domain": "$direct"})
        for _ in range(self.gen.page_count()):
            self.browse(writer, APP, APP_PAGES)

    def browse(self, writer: SessionWriter, host: str, pages: list[str]) -> None:
        if self.gen.chance(0.45):
            chain, text = self.gen.pick(CLICKS)
            click = {
                "$event_type": "click",
                "$el_text": text,
                "$current_url": url(host, self.gen.pick(pages)),
            }
            writer.emit("$autocapture", click)
            writer.visitor.events[-1]["elements_chain"] = chain
        else:
            writer.pageview(host, self.gen.pick(pages))

    def entry(self) -> tuple[str, dict[str, Any]]:
        """The entry page's query string and properties: referring domain (now and then null) and utm
        parameters (now and then an empty utm_source), as posthog-js reads them from the URL."""
        if self.gen.chance(0.35):
            source, medium, campaign = self.gen.pick(CAMPAIGNS)
            source = "" if self.gen.chance(0.1) else source
            utm = {"utm_source": source, "utm_medium": medium, "utm_campaign": campaign}
            referrer = "www.google.com" if medium == "cpc" else "$direct"
            return "?" + "&".join(f"{k}={v}" for k, v in utm.items()), {"$referring_domain": referrer, **utm}
        return "", {"$referring_domain": None if self.gen.chance(0.12) else self.gen.pick(REFERRERS)}

    def purchase(self, writer: SessionWriter) -> None:
        items = self.gen.rng.randint(1, 4)
        price = PRICES[writer.visitor.plan] * items
        writer.pageview(APP, "/checkout")
        props = {
            "price": price,
            "currency": "USD",
            "coupon": self.gen.chance(0.25),
            "cart": {"items": items, "value": price},
            "tags": self.gen.rng.sample(["annual", "seats", "storage", "promo"], self.gen.rng.randint(0, 2)),
            "$current_url": url(APP, "/checkout"),
        }
        writer.emit("purchase", props)

    def app(self, writer: SessionWriter) -> None:
        for _ in range(self.gen.page_count() + 1):
            writer.emit("$screen", {"$screen_name": self.gen.pick(SCREENS)})
        if writer.visitor.plan != "free" and self.gen.chance(0.1):
            price = PRICES[writer.visitor.plan]
            writer.emit("purchase", {"price": price, "currency": "USD", "coupon": None, "$screen_name": "Upgrade"})


# --- the whole dataset ---


def simulate(gen: Generator, visitor: Visitor) -> None:
    """All sessions of one visitor; one who signs up does so in their first or second session."""
    plan = SessionPlan(gen)
    count = visitor.session_count
    signup = gen.rng.randrange(min(2, count)) if visitor.signs_up and count else -1
    for number, start in enumerate(gen.session_starts(count)):
        mode = session_mode(gen, visitor, number, signup)
        writer = SessionWriter(gen, visitor, start, logged_in=mode == "user")
        if visitor.device.browser is None:
            plan.app(writer)
        else:
            plan.web(writer, sign_up=mode == "signup")


def session_mode(gen: Generator, visitor: Visitor, number: int, signup: int) -> str:
    """``anonymous`` (logged out), ``signup`` (logged out, then signs up) or ``user`` (logged in)."""
    if visitor.user_id is None:
        return "anonymous"
    if visitor.signs_up:
        return "anonymous" if number < signup else "signup" if number == signup else "user"
    return "anonymous" if visitor.anon_id and gen.chance(0.3) else "user"


def person_row(visitor: Visitor) -> dict[str, Any]:
    properties: dict[str, Any] = {"email": visitor.email, "name": visitor.name, "plan": visitor.plan}
    if visitor.company:
        properties["company"] = visitor.company.name
    distinct_ids = [visitor.anon_id] if visitor.anon_id else []
    row: dict[str, Any] = {"id": visitor.person_id, "distinct_ids": [*distinct_ids, visitor.user_id]}
    row["properties"] = properties
    if visitor.created_at:  # people who sign up in the window are dated by their first event instead
        row["created_at"] = iso(visitor.created_at)
    return {**row, "is_identified": True}


def group_rows() -> list[dict[str, Any]]:
    companies = [
        {"group_type": "company", "group_type_index": 0, "group_key": company.key, "properties": {
            "name": company.name, "industry": company.industry, "employees": company.employees,
            "plan": company.plan}, "created_at": company.created_at}
        for company in COMPANIES
    ]  # fmt: skip
    projects = [
        {"group_type": "project", "group_type_index": 1, "group_key": key,
         "properties": {"name": key.replace("-", " ").title(), "company": company.key}}
        for company in COMPANIES for key in company.projects
    ]  # fmt: skip
    return companies + projects


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, separators=(",", ":"), ensure_ascii=False) + "\n" for row in rows)


def generate() -> dict[str, str]:
    """File name → contents of the default dataset."""
    gen = Generator(SEED)
    visitors = gen.visitors()
    for visitor in visitors:
        simulate(gen, visitor)
    events = sorted((e for visitor in visitors for e in visitor.events), key=lambda event: event["timestamp"])
    persons = [person_row(visitor) for visitor in visitors if visitor.email]
    project = {"id": 1, "name": "Default project", "timezone": "UTC", "week_start_day": 0}
    return {
        "events.jsonl": jsonl(events),
        "persons.jsonl": jsonl(persons),
        "groups.jsonl": jsonl(group_rows()),
        "project.json": json.dumps(project) + "\n",
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, text in generate().items():
        (out / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
