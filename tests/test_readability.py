"""Every page's main text reads at Flesch-Kincaid grade 6 or below and SMOG 8 or below."""

from __future__ import annotations

from lbeg.readability import FK_MAX, SMOG_MAX, main_text, site_scores, table


def test_reading_level_of_every_page(site, capsys):
    scores = site_scores(site.dir)
    with capsys.disabled():
        print("\n" + table(scores))
    assert len(scores) >= 13
    hard = [f"{s.page or '/'} (FK {s.fk:.1f}, SMOG {s.smog:.1f})" for s in scores if not s.ok]
    assert hard == [], f"pages above FK {FK_MAX} or SMOG {SMOG_MAX}: " + ", ".join(hard)


def test_measure_leaves_out_sources_but_keeps_the_prose(site):
    text = main_text(site.path("why-movement-helps/").read_text(encoding="utf-8"))
    assert "Bed rest does not help." in text
    assert "Cochrane" not in text and "[1]" not in text


def test_a_hard_page_fails_the_gate():
    hard = (
        "<article class='md-content__inner'>"
        + "<p>Multidisciplinary rehabilitation interventions demonstrate considerable heterogeneity regarding methodological characteristics.</p>"
        * 12
        + "</article>"
    )
    from lbeg.readability import score

    result = score("hard/", hard)
    assert not result.ok and result.fk > FK_MAX and result.smog > SMOG_MAX
