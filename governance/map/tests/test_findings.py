"""The map's rules one by one, on a small region of the test's own: each finding kind appears when its
condition holds and goes away when the data is fixed, the scope filters, who may read, and a query
count that does not grow with the register."""
from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from governance.map.selectors import _PICTURES, map_picture
from governance.map.selectors import FindingKind as K
from governance.map.services import theme_default_needs
from governance.models import (
    AttentionStatus,
    ConflictKind,
    DomainKind,
    Region,
    RiskKind,
    Role,
    TableLevel,
    TableScope,
    Theme,
)
from governance.register.services import register_seed_defaults
from tests import factories as f

TODAY = date(2026, 6, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    """A region with three municipalities (two of them in subregion North), a social, a safety and an
    adjacent domain, one theme that needs social and safety, and its project leader."""
    region = f.region()
    a, b, c = f.municipality(), f.municipality(), f.municipality()
    region.municipalities.set([a, b, c])
    north = f.region(parent=region)
    north.municipalities.set([a, b])
    social = f.domain(region, kind=DomainKind.SOCIAL, name="Sociaal")
    safety = f.domain(region, kind=DomainKind.SAFETY, name="Veiligheid")
    housing = f.domain(region, kind=DomainKind.ADJACENT, name="Wonen")
    theme = f.theme(region, name="Tijdelijk huisverbod")
    theme_default_needs(theme)
    return SimpleNamespace(region=region, a=a, b=b, c=c, north=north, social=social, safety=safety, housing=housing,
                           theme=theme, leader=f.member(region))


def steer(place, level, *domains, themes=None, **fields):
    table = f.table(place.region, level=level, **fields)
    table.domains.set(domains)
    table.themes.set([place.theme] if themes is None else themes)
    return table


def both_sides(place, level=TableLevel.ADMINISTRATIVE, **fields):
    return steer(place, level, place.social, place.safety, **fields)


def agreement(place, *, themes=None, adopted_by=(), parties=(), **fields):
    fields.setdefault("adopted_on", TODAY - timedelta(days=400))
    fields.setdefault("evaluation_on", TODAY + timedelta(days=300))
    made = f.agreement(place.region, **fields)
    made.themes.set([place.theme] if themes is None else themes)
    made.adopted_by.set(adopted_by)
    made.parties.set(parties)
    return made


def picture(place, **scope):
    return map_picture(user=place.leader, region=place.region, today=TODAY, **scope)


def kinds(place, theme=None, **scope) -> set[str]:
    """The kinds of finding about one theme (the place's own by default)."""
    theme = theme or place.theme
    return {finding.kind for finding in picture(place, **scope).findings
            if finding.theme and finding.theme.pk == theme.pk}


def all_kinds(place, **scope) -> set[str]:
    return {finding.kind for finding in picture(place, **scope).findings}


# --- White spots and one-sided themes ---------------------------------------------------------


def test_a_theme_no_table_steers_is_a_white_spot(place):
    [finding] = [x for x in picture(place).findings if x.kind == K.WHITE_SPOT]
    assert finding.reason == "No table steers “Tijdelijk huisverbod”."
    assert finding.link.url == f"/regions/{place.region.slug}/register/tables/?theme={place.theme.pk}"
    assert finding.key == f"white_spot:theme:{place.theme.pk}"


def test_a_theme_steered_only_below_administrative_level_is_a_white_spot_too(place):
    both_sides(place, TableLevel.OPERATIONAL)
    [finding] = [x for x in picture(place).findings if x.kind == K.WHITE_SPOT]
    assert finding.reason == "No table steers “Tijdelijk huisverbod” at administrative level."
    both_sides(place)
    assert K.WHITE_SPOT not in kinds(place)


def test_a_theme_that_needs_both_sides_but_is_steered_by_one_is_one_sided(place):
    steer(place, TableLevel.ADMINISTRATIVE, place.social)
    [finding] = [x for x in picture(place).findings if x.kind == K.ONE_SIDED]
    assert "only the social domain steers it" in finding.reason
    steer(place, TableLevel.OPERATIONAL, place.safety)
    assert K.ONE_SIDED not in kinds(place)


def test_a_theme_that_needs_one_side_only_is_not_one_sided(place):
    place.theme.needed_domains.set([place.social])
    steer(place, TableLevel.ADMINISTRATIVE, place.social)
    assert kinds(place) == set()


def test_a_white_spot_is_not_also_one_sided(place):
    assert kinds(place) == {K.WHITE_SPOT}


# --- Overlap, agreements and coverage ---------------------------------------------------------


def test_both_sides_without_an_agreement_is_an_overlap_without_agreement(place):
    both_sides(place)
    [finding] = [x for x in picture(place).findings if x.kind == K.OVERLAP_WITHOUT_AGREEMENT]
    assert "no agreement in force links them" in finding.reason
    assert finding.link.url.endswith(f"/register/agreements/?theme={place.theme.pk}")


def test_an_agreement_adopted_by_a_table_of_both_domains_covers_the_theme(place):
    table = both_sides(place)
    made = agreement(place, adopted_by=[table], title="Afspraken huisverbod")
    found = kinds(place)
    assert K.COVERED in found and K.OVERLAP_WITHOUT_AGREEMENT not in found
    [covered] = picture(place).findings_of(K.COVERED)
    assert covered.subject == "Afspraken huisverbod" and covered.link.url.endswith(f"/agreements/{made.pk}/")


def test_an_agreement_whose_parties_are_of_both_domains_covers_the_theme(place):
    both_sides(place)
    agreement(place, parties=[f.organisation(place.region, domain=place.social),
                              f.organisation(place.region, domain=place.safety)])
    assert K.COVERED in kinds(place)


def test_an_agreement_reaching_one_side_only_does_not_link_them(place):
    both_sides(place)
    agreement(place, parties=[f.organisation(place.region, domain=place.social)])
    assert K.OVERLAP_WITHOUT_AGREEMENT in kinds(place)


def test_an_agreement_on_another_theme_does_not_link_them(place):
    table = both_sides(place)
    agreement(place, adopted_by=[table], themes=[f.theme(place.region)])
    assert K.OVERLAP_WITHOUT_AGREEMENT in kinds(place)


@pytest.mark.parametrize("adopted_on", [None, TODAY + timedelta(days=10)])
def test_an_agreement_not_in_force_does_not_link_them(place, adopted_on):
    table = both_sides(place)
    agreement(place, adopted_by=[table], adopted_on=adopted_on, evaluation_on=None)
    found = kinds(place)
    assert K.OVERLAP_WITHOUT_AGREEMENT in found and K.COVERED not in found


def test_an_agreement_overdue_for_evaluation_needs_attention_instead_of_covering(place):
    table = both_sides(place)
    agreement(place, adopted_by=[table], evaluation_on=TODAY - timedelta(days=1))
    [finding] = picture(place).findings_of(K.AGREEMENT_NEEDS_ATTENTION)
    assert finding.reason.endswith("but its evaluation is overdue.")
    assert K.COVERED not in kinds(place) and K.OVERLAP_WITHOUT_AGREEMENT not in kinds(place)


def test_an_agreement_on_the_review_list_needs_attention_until_the_review_is_handled(place):
    table = both_sides(place)
    made = agreement(place, adopted_by=[table])
    review = f.review(made, raised_on=TODAY - timedelta(days=5))
    [finding] = picture(place).findings_of(K.AGREEMENT_NEEDS_ATTENTION)
    assert finding.reason.endswith("but it is on the review list.")
    review.handled_on, review.resolution = TODAY, "Besproken"
    review.save()
    assert K.COVERED in kinds(place)


def test_one_binding_agreement_is_enough_beside_one_that_needs_attention(place):
    table = both_sides(place)
    agreement(place, adopted_by=[table], evaluation_on=TODAY - timedelta(days=1))
    agreement(place, adopted_by=[table])
    found = kinds(place)
    assert K.COVERED in found and K.AGREEMENT_NEEDS_ATTENTION not in found


def test_cells_list_the_tables_and_the_agreements_that_reach_their_domain(place):
    table = both_sides(place)
    made = agreement(place, adopted_by=[table])
    [row] = picture(place).rows
    social, safety, housing = row.cells
    assert [t.name for t in social.tables] == [table.name] and social.tables[0].level == TableLevel.ADMINISTRATIVE
    assert [a.pk for a in safety.agreements] == [made.pk] and safety.agreements[0].binds
    assert housing.tables == [] and housing.agreements == []


# --- Duos, tables and domains ------------------------------------------------------------------


def test_a_theme_with_tables_on_both_sides_and_no_duo_misses_a_duo(place):
    both_sides(place)
    [finding] = picture(place).findings_of(K.DUO_MISSING)
    assert finding.link.url.endswith(f"/register/duos/?theme={place.theme.pk}")
    f.duo(place.region).themes.set([place.theme])
    assert K.DUO_MISSING not in kinds(place)


def test_a_table_without_an_administrative_table_on_the_same_theme_and_domain(place):
    operational = steer(place, TableLevel.OPERATIONAL, place.social, name="Casusoverleg")
    [finding] = picture(place).findings_of(K.NO_ADMINISTRATIVE_COUNTERPART)
    assert finding.subject == "Casusoverleg" and finding.link.url.endswith(f"/register/tables/{operational.pk}/")
    steer(place, TableLevel.ADMINISTRATIVE, place.safety)  # another domain: no counterpart yet
    assert picture(place).findings_of(K.NO_ADMINISTRATIVE_COUNTERPART)
    steer(place, TableLevel.ADMINISTRATIVE, place.social)
    assert not picture(place).findings_of(K.NO_ADMINISTRATIVE_COUNTERPART)


def test_a_table_without_themes_is_nobodys_counterpart_but_finds_its_own_by_domain(place):
    steer(place, TableLevel.OPERATIONAL, place.social)
    steer(place, TableLevel.ADMINISTRATIVE, place.social, themes=[], name="College")
    found = picture(place)
    # As the white spot says, no administrative table steers the theme: the college names none.
    assert found.findings_of(K.NO_ADMINISTRATIVE_COUNTERPART)
    assert "administrative level" in " ".join(f.reason for f in found.findings_of(K.WHITE_SPOT))
    steer(place, TableLevel.TACTICAL, place.social, themes=[f.theme(place.region)])  # works on another theme
    assert not picture(place).findings_of(K.UNPREPARED_ADMINISTRATIVE)  # something in its domain prepares it


def test_an_administrative_table_that_no_official_table_prepares(place):
    both_sides(place, name="Stuurgroep")
    [finding] = picture(place).findings_of(K.UNPREPARED_ADMINISTRATIVE)
    assert finding.subject == "Stuurgroep"
    steer(place, TableLevel.OPERATIONAL, place.social)  # an operational table does not prepare decisions
    assert picture(place).findings_of(K.UNPREPARED_ADMINISTRATIVE)
    steer(place, TableLevel.TACTICAL, place.safety)
    assert not picture(place).findings_of(K.UNPREPARED_ADMINISTRATIVE)


def test_an_adjacent_domain_that_appears_nowhere(place):
    both_sides(place)
    [finding] = picture(place).findings_of(K.DOMAIN_ABSENT)
    assert finding.domain.pk == place.housing.pk
    assert finding.reason == "The adjacent domain “Wonen” takes part in no table and no agreement."
    agreement(place, parties=[f.organisation(place.region, domain=place.housing)])
    assert not picture(place).findings_of(K.DOMAIN_ABSENT)


def test_a_needed_adjacent_domain_that_does_not_steer_the_theme(place):
    place.theme.needed_domains.add(place.housing)
    both_sides(place)
    [missing] = picture(place).findings_of(K.NEEDED_DOMAIN_MISSING)
    assert missing.domain.pk == place.housing.pk and "needs the domain “Wonen”" in missing.reason
    [absent] = picture(place).findings_of(K.DOMAIN_ABSENT)
    assert absent.reason.startswith("The domain “Wonen” is needed for 1 theme")
    steer(place, TableLevel.TACTICAL, place.housing)
    assert not picture(place).findings_of(K.NEEDED_DOMAIN_MISSING)
    assert not picture(place).findings_of(K.DOMAIN_ABSENT)


# --- Conflicts, risks and opportunities -----------------------------------------------------------


def test_open_conflicts_risks_and_opportunities_appear_at_their_themes(place):
    table = both_sides(place)
    conflict = f.conflict(place.region, title="Termijnen botsen", status=AttentionStatus.RAISED, raised_at=table)
    conflict.themes.set([place.theme])
    f.conflict(place.region, kind=ConflictKind.BLOCKING, title="Gescheiden budgetten").themes.set([place.theme])
    f.risk(place.region, title="Wachtlijst").themes.set([place.theme])
    f.risk(place.region, kind=RiskKind.OPPORTUNITY, title="Landelijk programma")
    f.conflict(place.region, status=AttentionStatus.RESOLVED, resolution="Opgelost", title="Oud")
    result = picture(place)
    [row] = result.rows
    assert sorted(item.title for item in row.items) == ["Gescheiden budgetten", "Termijnen botsen", "Wachtlijst"]
    [counteracting] = result.findings_of(K.COUNTERACTING_DECISIONS)
    assert counteracting.reason == (f"Decisions work against each other: “Termijnen botsen” (impact medium, raised at "
                                    f"{table.name}).")
    assert counteracting.link.url.endswith(f"/register/conflicts/{conflict.pk}/")  # its own register page
    assert result.findings_of(K.BLOCKING_STRUCTURE)[0].theme.pk == place.theme.pk
    assert "/register/conflicts/" in result.findings_of(K.BLOCKING_STRUCTURE)[0].link.url
    assert "/register/risks/" in result.findings_of(K.RISK)[0].link.url
    assert result.findings_of(K.RISK)[0].subject == "Wachtlijst"
    assert result.findings_of(K.OPPORTUNITY)[0].theme is None
    assert "Oud" not in {finding.subject for finding in result.findings}


# --- Layout ------------------------------------------------------------------------------------


def test_columns_go_social_safety_adjacent_and_rows_are_grouped_by_phase(place):
    f.domain(place.region, kind=DomainKind.ADJACENT, name="Afval")
    later, first = f.phase(place.region, name="Herstel", order=3), f.phase(place.region, name="Veiligheid", order=1)
    place.theme.phase = later
    place.theme.save()
    f.theme(place.region, name="Zedenzaken", phase=first)
    f.theme(place.region, name="Informatiedeling")
    result = picture(place)
    assert [column.name for column in result.columns] == ["Sociaal", "Veiligheid", "Afval", "Wonen"]
    assert [(group.phase.name if group.phase else None, [row.theme.name for row in group.rows])
            for group in result.groups] == [("Veiligheid", ["Zedenzaken"]), ("Herstel", ["Tijdelijk huisverbod"]),
                                            (None, ["Informatiedeling"])]


# --- Scope ------------------------------------------------------------------------------------------


def test_a_municipality_table_counts_for_its_own_municipality_only(place):
    both_sides(place, scope=TableScope.MUNICIPALITY, municipality=place.a)
    assert K.WHITE_SPOT not in kinds(place, municipality=place.a)
    assert K.WHITE_SPOT in kinds(place, municipality=place.c)
    assert K.WHITE_SPOT not in kinds(place)  # the whole region shows every table
    assert K.WHITE_SPOT not in kinds(place, subregion=place.north)  # North contains the municipality


def test_a_subregion_table_counts_for_its_municipalities(place):
    both_sides(place, scope=TableScope.SUBREGION, subregion=place.north)
    assert K.WHITE_SPOT not in kinds(place, subregion=place.north)
    assert K.WHITE_SPOT not in kinds(place, municipality=place.b)
    assert K.WHITE_SPOT in kinds(place, municipality=place.c)


def test_a_region_table_counts_everywhere(place):
    both_sides(place)
    for scope in ({"municipality": place.c}, {"subregion": place.north}, {}):
        assert K.WHITE_SPOT not in kinds(place, **scope)


def test_a_scope_outside_the_region_is_not_found(place):
    with pytest.raises(Http404):
        picture(place, municipality=f.municipality())
    with pytest.raises(Http404):
        picture(place, subregion=f.region())
    with pytest.raises(ValueError):
        picture(place, subregion=place.north, municipality=place.a)


# --- Access and cost -------------------------------------------------------------------------------


def test_someone_of_another_region_gets_an_empty_map(place):
    both_sides(place)
    for user in (f.member(f.region()), AnonymousUser()):
        result = map_picture(user=user, region=place.region, today=TODAY)
        assert result.columns == [] and result.groups == [] and result.findings == []


def test_everyone_in_the_region_reads_the_map(place):
    result = map_picture(user=f.member(place.region, Role.TEAM_MANAGER), region=place.region, today=TODAY)
    assert result.findings_of(K.WHITE_SPOT)


def _queries(place) -> int:
    picture(place)  # warm the user's access cache, as a request would
    _PICTURES.clear()  # count the picture computed, not reused (test_cache.py)
    with CaptureQueriesContext(connection) as queries:
        picture(place)
    return len(queries)


def test_the_query_count_does_not_grow_with_the_register(place):
    both_sides(place)
    small = _queries(place)
    for number in range(6):
        theme = f.theme(place.region, phase=f.phase(place.region))
        table = steer(place, TableLevel.TACTICAL, place.social, place.housing, themes=[theme, place.theme])
        agreement(place, themes=[theme], adopted_by=[table], parties=[f.organisation(place.region)])
        f.duo(place.region).themes.set([theme])
        f.conflict(place.region).themes.set([theme])
        f.risk(place.region).domains.set([place.social])
        f.review(agreement(place, title=f"Herzien {number}"))
    assert _queries(place) == small
    assert small <= 25


def test_a_new_region_seeds_themes_that_need_social_and_safety():
    region = f.region()
    register_seed_defaults(region=region)
    theme = Theme.objects.filter(region=region).first()
    assert sorted(theme.needed_domains.values_list("kind", flat=True)) == [DomainKind.SAFETY, DomainKind.SOCIAL]


def test_the_demo_map_shows_every_kind_of_finding(demo_user):
    flevoland = Region.objects.get(slug="flevoland")
    result = map_picture(user=demo_user("projectleider"), region=flevoland)
    assert {finding.kind for finding in result.findings} == set(K)
    zeeland = map_picture(user=demo_user("zeeland-projectleider"), region=flevoland)
    assert zeeland.findings == []


def test_reasons_read_aloud_in_dutch(place):
    from django.utils import translation

    both_sides(place, TableLevel.OPERATIONAL)
    with translation.override("nl"):
        reasons = {finding.kind: finding.reason for finding in picture(place).findings}
        assert reasons[K.WHITE_SPOT] == "Geen enkele tafel stuurt op bestuurlijk niveau op “Tijdelijk huisverbod”."
        assert K.OVERLAP_WITHOUT_AGREEMENT.label == "Overlap zonder afspraak"


# --- Found in review ------------------------------------------------------------------------------


def test_a_theme_steered_only_by_an_adjacent_domain_is_one_sided(place):
    steer(place, TableLevel.ADMINISTRATIVE, place.housing)
    [finding] = picture(place).findings_of(K.ONE_SIDED)
    assert finding.reason == ("“Tijdelijk huisverbod” needs both the social and the safety domain, but only other "
                              "domains steer it.")


def test_a_theme_that_needs_one_side_and_is_steered_by_the_other_is_one_sided(place):
    place.theme.needed_domains.set([place.social])
    steer(place, TableLevel.ADMINISTRATIVE, place.safety)
    [finding] = picture(place).findings_of(K.ONE_SIDED)
    assert "needs the social domain, but no table of the social domain steers it" in finding.reason
    steer(place, TableLevel.TACTICAL, place.social)
    assert not picture(place).findings_of(K.ONE_SIDED)


def test_the_two_kinds_of_white_spot_have_their_own_keys(place):
    [nothing] = picture(place).findings_of(K.WHITE_SPOT)
    both_sides(place, level=TableLevel.TACTICAL)
    [no_administrative] = picture(place).findings_of(K.WHITE_SPOT)
    assert nothing.key != no_administrative.key  # a snapshot sees the change from one to the other


def test_a_domain_at_a_table_elsewhere_in_the_region_is_not_absent_on_a_filtered_map(place):
    both_sides(place)
    steer(place, TableLevel.OPERATIONAL, place.housing, scope=TableScope.MUNICIPALITY, municipality=place.c)
    assert not picture(place, municipality=place.a).findings_of(K.DOMAIN_ABSENT)


def test_a_neighbouring_subregions_table_does_not_count_in_a_subregion(place):
    south = f.region(parent=place.region)
    south.municipalities.set([place.b, place.c])  # shares municipality B with North
    both_sides(place, scope=TableScope.SUBREGION, subregion=south, name="Zuidtafel")
    assert K.WHITE_SPOT in kinds(place, subregion=place.north)
    assert K.WHITE_SPOT not in kinds(place, subregion=south)


def test_a_cell_lists_only_agreements_in_force(place):
    table = both_sides(place)
    agreement(place, adopted_by=[table], title="Concept", adopted_on=None)
    agreement(place, adopted_by=[table], title="Vastgesteld")
    [row] = picture(place).rows
    assert {a.title for cell in row.cells for a in cell.agreements} == {"Vastgesteld"}
