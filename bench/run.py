"""Page times and query counts at scale 1 and scale 10 (see bench/README.md).

    .venv/bin/python bench/run.py [--scales 1 10] [--repeat 40] [--only grid form]

Uses DATABASE_URL (SQLite by default); builds a fresh throw-away database per scale with the demo
at that scale, then requests every main page as the right role in this process.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from governance.demo import demo_build  # noqa: E402
from governance.models import AgreementVersion, GovernanceTable, Membership, Organisation, Stakeholder  # noqa: E402

RESULTS = ROOT / "bench" / "results"
TARGET_MEDIAN_MS = 150
TARGET_BASELINE_FACTOR = 10
TARGET_PDF_S = 5


@dataclass
class Row:
    page: str
    user: str
    scale: int
    status: int
    queries: int
    median_ms: float
    p95_ms: float


def pages() -> list[tuple[str, str | None, str]]:
    """(name, username or None for anonymous, url). The first is the baseline."""
    membership = Membership.objects.get(user__username="beleidsmedewerker").pk
    org = Organisation.objects.get(region__slug="flevoland", name="Veilig Thuis Flevoland").pk
    person = Stakeholder.objects.filter(organisation_id=org).order_by("id").first().pk
    table = GovernanceTable.objects.filter(region__slug="flevoland", seats__isnull=False).order_by("id").first().pk
    return [
        ("baseline (minimal page)", "projectleider", reverse("bench_baseline")),
        ("login", None, reverse("login")),
        ("accessibility statement", None, reverse("accessibility")),
        ("account security", "beleidsmedewerker", reverse("two_factor:profile")),
        ("your sessions", "beleidsmedewerker", reverse("sessions")),
        ("your invitations", "beleidsmedewerker", reverse("invitations")),
        ("home", "projectleider", reverse("home")),
        ("region list", "projectleider", reverse("governance:region_list")),
        ("region overview", "projectleider", reverse("governance:region_detail", args=["flevoland"])),
        ("people and roles", "beheerder", reverse("governance:member_list", args=["flevoland"])),
        ("add a person (form)", "beheerder", reverse("governance:member_add", args=["flevoland"])),
        ("change a role (form)", "beheerder", reverse("governance:member_edit", args=["flevoland", membership])),
        ("change history", "beheerder", reverse("governance:region_history", args=["flevoland"])),
        ("audit search", "beheerder", reverse("governance:audit_search", args=["flevoland"])),
        ("audit search, logins", "beheerder", reverse("governance:audit_search", args=["flevoland"]) + "?kind=login"),
        ("register", "projectleider", reverse("governance:register_home", args=["flevoland"])),
        ("organisations", "projectleider", reverse("governance:register_list", args=["flevoland", "organisations"])),
        ("organisations, filtered", "wethouder",
         reverse("governance:register_list", args=["flevoland", "organisations"]) + "?type=police&q=Basisteam"),
        ("organisation", "projectleider", reverse("governance:register_detail", args=["flevoland", "organisations", org])),
        ("organisation form", "projectleider", reverse("governance:register_edit", args=["flevoland", "organisations", org])),
        ("stakeholders", "projectleider", reverse("governance:register_list", args=["flevoland", "stakeholders"])),
        ("stakeholder", "projectleider", reverse("governance:register_detail", args=["flevoland", "stakeholders", person])),
        ("power/interest grid", "projectleider", reverse("governance:stakeholder_grid", args=["flevoland"])),
        ("power/interest grid, a cell", "wethouder",
         reverse("governance:stakeholder_grid", args=["flevoland"]) + "?level=administrative&influence=4&interest=4"),
        ("themes", "projectleider", reverse("governance:register_list", args=["flevoland", "themes"])),
        ("network", "projectleider", reverse("governance:network", args=["flevoland"])),
        ("network, focused on a table (2 steps)", "wethouder",
         reverse("governance:network", args=["flevoland"]) + f"?focus=table:{table}&depth=2"),
        ("organisations CSV", "projectleider", reverse("governance:register_export", args=["flevoland", "organisations"])),
        *_register_pages(),
        *_escalation_pages(),
        *_figure_pages(),
        *_case_pages(),
        *_map_pages(),
    ]


def _map_pages() -> list[tuple[str, str, str]]:
    from governance.models import Municipality

    almere = Municipality.objects.get(name="Almere").pk
    url = reverse("governance:map", args=["flevoland"])
    return [("map", "projectleider", url), ("map, one municipality", "wethouder", f"{url}?municipality={almere}"),
            ("map snapshot comparison", "projectleider", reverse("governance:map_snapshot_compare", args=["flevoland"]))]


def _register_pages() -> list[tuple[str, str, str]]:
    """Every other register list, its first detail page and its form; the alderman reads the lists."""
    from governance.register.entities import ENTITIES

    done = {"organisations", "stakeholders", "themes"}
    rows = []
    for key, entity in ENTITIES.items():
        model = entity.form_class._meta.model
        first = model.objects.filter(region__slug="flevoland").order_by("id").first()
        if key not in done:
            rows.append((f"{key}", "wethouder", reverse("governance:register_list", args=["flevoland", key])))
        if entity.has_detail and key not in done and first:
            rows.append((f"{key}: one", "wethouder", reverse("governance:register_detail", args=["flevoland", key, first.pk])))
        if key in ("tables", "agreements") and first:
            rows.append((f"{key}: form", "projectleider", reverse("governance:register_edit", args=["flevoland", key, first.pk])))
    version = AgreementVersion.objects.filter(region__slug="flevoland").order_by("id").first()
    rows.append(("checklist form", "projectleider", reverse("governance:checklist_edit", args=["flevoland", version.pk])))
    rows.append(("tables CSV", "projectleider", reverse("governance:register_export", args=["flevoland", "tables"])))
    conflicts = reverse("governance:register_list", args=["flevoland", "conflicts"])
    rows.append(("conflicts, open ones", "projectleider", conflicts + "?status=open"))
    rows.append(("conflict form", "projectleider", reverse("governance:register_create", args=["flevoland", "conflicts"])))
    return rows


def _escalation(state: str) -> int:
    from escalation.models import Escalation

    return Escalation.objects.filter(region__slug="flevoland", state=state).order_by("pk").first().pk


def _escalation_pages() -> list[tuple[str, str, str]]:
    """The escalation pages; at scale N the demo has N times every scenario."""
    route_2 = _escalation("route_2")
    return [
        ("escalations", "beleidsmedewerker", reverse("escalation:index", args=["flevoland"])),
        ("escalations, filtered", "wethouder",
         reverse("escalation:index", args=["flevoland"]) + "?state=open&overdue=yes&reason=cooperation"),
        ("escalations (municipal role)", "teammanager", reverse("escalation:index", args=["flevoland"])),
        ("my escalations", "beleidsmedewerker", reverse("escalation:mine")),
        ("escalation", "beleidsmedewerker", reverse("escalation:detail", args=["flevoland", route_2])),
        ("escalation, route 3", "wethouder", reverse("escalation:detail", args=["flevoland", _escalation("route_3")])),
        ("file an escalation (form)", "beleidsmedewerker", reverse("escalation:create", args=["flevoland"])),
        ("escalation step (form)", "beleidsmedewerker",
         reverse("escalation:step", args=["flevoland", route_2, "scale_up-route_3"])),
        ("route meeting (form)", "beleidsmedewerker", reverse("escalation:meeting_create", args=["flevoland", route_2])),
        ("time limits", "projectleider", reverse("escalation:settings", args=["flevoland"])),
    ]


def _figure_pages() -> list[tuple[str, str, str]]:
    """The dashboards, which read every app, and the figures (which do not grow with the demo's scale: a
    region has the municipalities it has)."""
    return [
        ("dashboard (alderman's start page)", "wethouder", reverse("home")),
        ("dashboard (project leader)", "projectleider", reverse("reporting:dashboard", args=["flevoland"])),
        ("dashboard (policy officer)", "beleidsmedewerker", reverse("reporting:dashboard", args=["flevoland"])),
        ("figures", "wethouder", reverse("reporting:figures", args=["flevoland"])),
        ("figures: import (form)", "projectleider", reverse("reporting:figures_import", args=["flevoland"])),
        ("figures: explain (form)", "projectleider", reverse("reporting:explain", args=["flevoland", "reports",
                                                                                         "2024HJ02"])),
        ("figures CSV", "wethouder", reverse("reporting:figures_csv", args=["flevoland"])),
        ("dashboard CSV", "projectleider", reverse("reporting:dashboard_csv", args=["flevoland"])),
        ("meeting pack", "projectleider", reverse("reporting:meeting_pack", args=["flevoland", _busiest_table()])),
    ]


def _case_pages() -> list[tuple[str, str, str]]:
    """Cases, as the team manager of Almere (her municipality's) and the policy officer (the region's)."""
    from casework.models import Case

    case = (Case.objects.filter(region__slug="flevoland", municipality__code="GM0034", closed_on__isnull=True)
            .order_by("id").first().code)
    return [
        ("cases", "beleidsmedewerker", reverse("casework:index", args=["flevoland"])),
        ("cases, very late", "teammanager", reverse("casework:index", args=["flevoland"]) + "?deadline=very_late"),
        ("case", "teammanager", reverse("casework:detail", args=["flevoland", case])),
        ("case (form)", "teammanager", reverse("casework:edit", args=["flevoland", case])),
        ("case: new lead (form)", "teammanager", reverse("casework:part_create", args=["flevoland", case, "leads"])),
        ("learning meetings", "beleidsmedewerker", reverse("casework:learning", args=["flevoland"])),
        ("dashboard (an Almere role)", "teammanager", reverse("home")),
    ]


def _busiest_table() -> int:
    """The table with the most seats: its pack counts escalations through the most organisations."""
    from django.db.models import Count

    return (GovernanceTable.objects.filter(region__slug="flevoland").annotate(seat_total=Count("seats"))
            .order_by("-seat_total", "id").first().pk)


PDFS = [
    ("region overview PDF", "projectleider", lambda: reverse("governance:region_pdf", args=["flevoland"])),
    ("escalation PDF", "wethouder", lambda: reverse("escalation:pdf", args=["flevoland", _escalation("route_3")])),
    ("map PDF", "projectleider", lambda: reverse("governance:map_pdf", args=["flevoland"])),
    ("governance report PDF", "wethouder", lambda: reverse("reporting:report", args=["flevoland"]) + "?municipality="),
    ("meeting pack PDF", "projectleider", lambda: reverse("reporting:meeting_pack_pdf",
                                                          args=["flevoland", _busiest_table()])),
]


def _client(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def measure(name: str, username: str | None, url: str, scale: int, repeat: int, between=None) -> Row:
    """`between()`: called before every timed request (the baseline, sampled under the same conditions)."""
    client = _client(username)
    for _ in range(3):  # warm caches, template loading, connection
        client.get(url)
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    if os.environ.get("BENCH_SHOW_SQL"):
        print(f"-- {name}", *queries, sep="\n  ")
    times = []
    for _ in range(repeat):
        if between:
            between()
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return Row(name, username or "anonymous", scale, response.status_code, len(queries),
               round(statistics.median(times), 2), round(p95, 2))


def _chosen(name: str, only: list[str]) -> bool:
    return not only or any(part in name for part in only)


def run_scale(scale: int, repeat: int, only: list[str]) -> list[Row]:
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        demo_build(scale=scale)
        print(f"scale {scale}: demo built in {time.perf_counter() - started:.1f} s", flush=True)
        wanted = [row for index, row in enumerate(pages()) if index == 0 or _chosen(row[0], only)]
        # The baseline is sampled once before every timed page request, so that the page times are read
        # against what Django cost at the same moment: measured once at the start, the baseline alone
        # varied from 3.8 to 7.1 ms between runs on the same quiet machine.
        (base_name, base_user, base_url), samples = wanted[0], []
        base_client = _client(base_user)

        def baseline_sample() -> None:
            start = time.perf_counter()
            base_client.get(base_url)
            samples.append((time.perf_counter() - start) * 1000)

        baseline = measure(base_name, base_user, base_url, scale, repeat)
        rows = [measure(name, user, url, scale, repeat, baseline_sample) for name, user, url in wanted[1:]]
        if samples:  # more than one page measured: the baseline row reports the interleaved samples
            samples.sort()
            baseline.median_ms = round(statistics.median(samples), 2)
            baseline.p95_ms = round(samples[min(len(samples) - 1, int(round(0.95 * len(samples))) - 1)], 2)
        rows.insert(0, baseline)
        for name, user, url in PDFS:
            if _chosen(name, only):
                rows.append(measure(name, user, url(), scale, max(3, repeat // 10)))
        return rows
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def verdicts(rows: list[Row]) -> list[str]:
    problems = []
    by_key = {(row.page, row.scale): row for row in rows}
    scales = sorted({row.scale for row in rows})
    top = scales[-1]
    baseline = by_key[("baseline (minimal page)", top)].median_ms
    for row in rows:
        if row.status != 200:
            problems.append(f"{row.page} at scale {row.scale}: status {row.status}")
    for row in (r for r in rows if r.scale == top):
        counts = {by_key[(row.page, s)].queries for s in scales}
        if len(counts) > 1:
            problems.append(f"{row.page}: query count grows with data {sorted(counts)}")
        if row.page.endswith(("PDF", "CSV")):  # documents: their size follows the data, so a time limit only
            if row.median_ms > TARGET_PDF_S * 1000:
                problems.append(f"{row.page}: {row.median_ms / 1000:.2f} s at scale {top} (target {TARGET_PDF_S} s)")
            continue
        if row.median_ms > TARGET_MEDIAN_MS:
            problems.append(f"{row.page}: median {row.median_ms} ms at scale {top} (target {TARGET_MEDIAN_MS} ms)")
        if row.median_ms > TARGET_BASELINE_FACTOR * baseline:
            problems.append(f"{row.page}: {row.median_ms / baseline:.1f}x the baseline (target {TARGET_BASELINE_FACTOR}x)")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--only", nargs="+", default=[], metavar="PART",
                        help="only the pages whose name contains one of these (and the baseline)")
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)  # also holds the throw-away SQLite database
    # No setup_test_environment(): its instrumented template rendering, which the test client uses
    # to keep every context, would add a cost that production does not have.
    vendor = connection.vendor
    rows = [row for scale in args.scales for row in run_scale(scale, args.repeat, args.only)]

    print(f"\nDatabase: {vendor}; {args.repeat} requests per page; times in ms\n")
    header = f"{'page':<28} {'user':<14} " + " ".join(
        f"{'q@' + str(s):>5} {'med@' + str(s):>8} {'p95@' + str(s):>8}" for s in args.scales)
    print(header)
    print("-" * len(header))
    by_key = {(row.page, row.scale): row for row in rows}
    for name in dict.fromkeys(row.page for row in rows):
        first = by_key[(name, args.scales[0])]
        cells = " ".join(
            f"{by_key[(name, s)].queries:>5} {by_key[(name, s)].median_ms:>8.1f} {by_key[(name, s)].p95_ms:>8.1f}"
            for s in args.scales)
        print(f"{name:<28} {first.user:<14} {cells}")

    problems = verdicts(rows)
    print("\nTargets: equal query counts across scales; median under "
          f"{TARGET_MEDIAN_MS} ms and within {TARGET_BASELINE_FACTOR}x the baseline at the largest scale; "
          f"PDF and CSV documents under {TARGET_PDF_S} s.")
    print("All targets met." if not problems else "Missed:\n  " + "\n  ".join(problems))

    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench-{vendor}-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps({
        "database": vendor, "python": platform.python_version(), "machine": platform.machine(),
        "cpus": os.cpu_count(), "repeat": args.repeat, "rows": [asdict(row) for row in rows],
        "missed": problems,
    }, indent=2))
    print(f"\nWrote {out.relative_to(ROOT)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
