"""Tailor: per-audience newsletter and LinkedIn post (within the channel limits, tagged with
utm_content), and the cleanup of audience files no page × audience makes any more (never a
locked or edited one), through real builds; deletes in the journaled publish."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from test_tailor import AUDIENCES, _site, oee_page


def _manifest(root: Path, slug: str = "oee") -> dict:
    return json.loads((root / "generated" / slug / "manifest.json").read_text())


def _intro(root: Path, audience: str, slug: str = "oee") -> str:
    return (root / "generated" / slug / "audiences" / f"{audience}.md").read_text().split("---\n\n", 1)[1].strip()


def test_each_audience_gets_its_newsletter_and_linkedin_post(make_site, build_site):
    root = _site(make_site)
    build_site(root)
    folder = root / "generated" / "oee" / "audiences"
    for audience, cta in (
        ("plant-managers", "Get the OEE checklist: https://acme.example/checklist/"),
        ("engineers", "Request API access: https://acme.example/developers/"),
    ):  # a site path made absolute
        post = (folder / audience / "linkedin-post.md").read_text()
        intro = _intro(root, audience)
        first = re.split(r"(?<=[.!?])\s+", intro)[0]
        assert post.startswith(first + "\n\n")  # the hook is the audience's intro, not the summary
        assert cta in post
        assert f"utm_content={audience}" in post and "utm_source=linkedin" in post
        assert len(post) <= 3000 and len(first) <= 200  # the channel's limits (brand/channels.yml defaults)
        text = (folder / audience / "newsletter.txt").read_text()
        subject = text.splitlines()[0].removeprefix("Subject: ")
        preheader = text.splitlines()[1].removeprefix("Preheader: ")
        assert len(subject) <= 50 and 0 < len(preheader) <= 100
        assert preheader.rstrip("…") in intro or intro.startswith(preheader.rstrip("…").rstrip())
        assert f"utm_content={audience}" in text and cta in text
        html = (folder / audience / "newsletter.html").read_text()
        assert f"utm_content={audience}" in html and "<script" not in html
    # the page's own derivatives are unchanged: no audience tag, the summary opens them
    own = (root / "generated" / "oee" / "channels" / "linkedin-post.md").read_text()
    assert "utm_content" not in own
    manifest = _manifest(root)
    assert set(manifest["audiences"]["plant-managers"]["derivatives"]) == {"linkedin-post", "newsletter"}
    assert manifest["artifacts"]["audiences/engineers/newsletter.html"]["status"] == "draft"

    # unchanged inputs: nothing written; a locked, edited derivative is kept when the intro changes
    state = build_site(root)
    assert not [p for p in state.written if "audiences" in p.as_posix()]
    post = folder / "plant-managers" / "linkedin-post.md"
    post.write_text("Our own post for plant managers.\n")
    manifest["artifacts"]["audiences/plant-managers/linkedin-post.md"]["status"] = "locked"
    (root / "generated" / "oee" / "manifest.json").write_text(json.dumps(manifest))
    data = yaml.safe_load((root / "brand" / "audiences.yml").read_text())
    data["audiences"][0]["ctas"]["awareness"]["text"] = "Get the OEE checklist now"
    (root / "brand" / "audiences.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    build_site(root)
    assert post.read_text() == "Our own post for plant managers.\n"
    assert "Get the OEE checklist now" in (folder / "plant-managers" / "newsletter.txt").read_text()


def test_derivatives_off_with_the_channel(make_site, build_site):
    root = _site(make_site)
    (root / "brand" / "channels.yml").write_text("channels:\n  linkedin-post: {enabled: false}\n")
    build_site(root)
    folder = root / "generated" / "oee" / "audiences" / "plant-managers"
    assert sorted(p.name for p in folder.iterdir()) == ["newsletter.html", "newsletter.txt"]


def test_stale_audience_files_are_deleted_but_never_locked_or_edited_ones(make_site, build_site):
    pages = {"oee.md": None, "more.md": None}
    PAGE_OEE = oee_page()

    pages["oee.md"] = PAGE_OEE.replace(
        "keywords: [OEE, downtime]", "keywords: [OEE, downtime]\naudiences: [plant-managers, engineers]"
    )
    pages["more.md"] = (
        "---\ntitle: More about OEE\naudiences: [plant-managers]\n---\n\n" + PAGE_OEE.split("---\n", 2)[2]
    )
    root = _site(make_site, pages=pages)
    build_site(root)
    gen = root / "generated"
    assert (gen / "oee" / "audiences" / "engineers.md").is_file() and (gen / "oee" / "audiences" / "engineers").is_dir()

    # the page drops an audience: its intro and derivatives go, with their records
    page = root / "content" / "oee.md"
    page.write_text(page.read_text().replace("audiences: [plant-managers, engineers]", "audiences: [plant-managers]"))
    state = build_site(root)
    assert not (gen / "oee" / "audiences" / "engineers.md").exists()
    assert not (gen / "oee" / "audiences" / "engineers").exists()  # the emptied folder too
    manifest = _manifest(root)
    assert not [k for k in manifest["artifacts"] if k.startswith("audiences/engineers")]
    assert "engineers" not in manifest["audiences"]
    assert (gen / "oee" / "audiences" / "plant-managers.md").is_file()
    assert any("audiences/engineers.md" in p.as_posix() for p in state.written)

    # an audience leaves audiences.yml (and the pages): unlocked files go, a locked or edited one stays
    kept = gen / "oee" / "audiences" / "plant-managers.md"
    manifest["artifacts"]["audiences/plant-managers.md"]["status"] = "locked"
    (gen / "oee" / "manifest.json").write_text(json.dumps(manifest))
    edited = gen / "more" / "audiences" / "plant-managers" / "newsletter.txt"
    edited.write_text(edited.read_text() + "\nA line a person added.\n")
    data = {**AUDIENCES, "audiences": [AUDIENCES["audiences"][1]]}
    (root / "brand" / "audiences.yml").write_text(yaml.safe_dump(data, sort_keys=False))
    for name in ("oee.md", "more.md"):
        p = root / "content" / name
        p.write_text(re.sub(r"audiences: \[[^\]]*\]", "audiences: [engineers]", p.read_text()))
    state = build_site(root)
    assert kept.is_file() and edited.is_file()
    assert not (gen / "oee" / "audiences" / "plant-managers").exists()
    assert not (gen / "more" / "audiences" / "plant-managers.md").exists()
    assert not (gen / "more" / "audiences" / "plant-managers" / "linkedin-post.md").exists()
    notes = [d for d in state.diagnostics if "no longer has audience 'plant-managers'" in d.message]
    assert {n.file for n in notes} == {
        "generated/oee/audiences/plant-managers.md",
        "generated/more/audiences/plant-managers/newsletter.txt",
    }
    assert all(n.level == "info" and "kept (locked)" in n.message or "kept (edited)" in n.message for n in notes)
    assert "plant-managers" not in state.tailor.get("oee.md", {})  # kept, but not shown: not the page's audience

    # a page goes away: its audience files go (its other artifacts are not Tailor's to remove)
    build_site(root)
    (root / "content" / "more.md").unlink()
    build_site(root)
    assert not list((gen / "more" / "audiences").glob("engineers*")) if (gen / "more" / "audiences").exists() else True
    assert (gen / "more" / "summary.md").is_file()
    assert edited.is_file()  # still a person's file


def test_generate_for_some_pages_leaves_the_other_pages_audience_files(make_site, build_site):
    from click.testing import CliRunner

    from aeoloop.cli import main

    pages = {"oee.md": None, "more.md": None}
    PAGE_OEE = oee_page()

    pages["oee.md"] = PAGE_OEE.replace(
        "keywords: [OEE, downtime]", "keywords: [OEE, downtime]\naudiences: [plant-managers]"
    )
    pages["more.md"] = (
        "---\ntitle: More about OEE\naudiences: [plant-managers]\n---\n\n" + PAGE_OEE.split("---\n", 2)[2]
    )
    root = _site(make_site, pages=pages)
    build_site(root)
    before = sorted(
        p.relative_to(root).as_posix() for p in (root / "generated").rglob("*") if "audiences" in p.as_posix()
    )
    result = CliRunner().invoke(main, ["generate", "-f", str(root / "mkdocs.yml"), "--pages", "oee.md", "--force"])
    assert result.exit_code == 0, result.output
    after = sorted(
        p.relative_to(root).as_posix() for p in (root / "generated").rglob("*") if "audiences" in p.as_posix()
    )
    assert after == before


# -- deletes in the journaled publish ----------------------------------------------------------------


def test_publish_deletes_and_a_failed_publish_brings_the_file_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from aeoloop import publish as pub

    root = tmp_path
    gen = root / "generated" / "p" / "audiences" / "a"
    gen.mkdir(parents=True)
    (gen / "newsletter.txt").write_text("old\n")
    (root / "generated" / "p" / "keep.md").write_text("keep\n")
    cache = root / ".aeoloop"
    written = pub.publish(
        root,
        cache,
        {
            gen / "newsletter.txt": pub.DELETE,
            root / "generated" / "p" / "new.md": "new\n",
            root / "generated" / "p" / "gone-already.md": pub.DELETE,
        },
    )
    assert (
        not (gen / "newsletter.txt").exists() and not gen.exists() and not gen.parent.exists()
    )  # emptied folders pruned
    assert (root / "generated" / "p" / "new.md").read_text() == "new\n" and (
        root / "generated" / "p" / "keep.md"
    ).is_file()
    assert gen / "newsletter.txt" in written and not (cache / pub.JOURNAL).exists()

    # the delete is applied, then a later replace fails: everything is undone, the file is back
    gen.mkdir(parents=True)
    (gen / "newsletter.txt").write_text("old\n")
    real = pub.checkpoint

    def boom(name: str) -> None:
        if name == "publish:replace:2":
            raise OSError(28, "No space left on device")
        real(name)

    monkeypatch.setattr(pub, "checkpoint", boom)
    with pytest.raises(pub.PublishError):
        pub.publish(root, cache, {gen / "newsletter.txt": pub.DELETE, root / "generated" / "p" / "z.md": "z\n"})
    assert (gen / "newsletter.txt").read_text() == "old\n" and not (root / "generated" / "p" / "z.md").exists()


def test_journal_keeps_the_delete_flag():
    from aeoloop.publish import Journal, Replace

    j = Journal(
        Path("/x"), "s", [Replace("a", "0.del", "0.old", delete=True), Replace("b", "1.new", None)], None, 1, "t"
    )
    back = Journal.from_json(Path("/x"), j.to_json())
    assert [r.delete for r in back.files] == [True, False]


# -- UTM attribution: ingested GA4 and logs per audience in `aeoloop metrics` ---------------------


def test_metrics_attribute_sessions_visits_and_key_events_to_audiences(make_site):
    import shutil

    from click.testing import CliRunner

    from aeoloop.cli import main

    fixtures = Path(__file__).parent / "fixtures" / "reports"
    root = _site(make_site)
    (root / "reports").mkdir()
    for name in ("ga4-audiences.csv", "access-audiences.log"):
        shutil.copy(fixtures / name, root / "reports" / name)
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", "-f", str(root / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["metrics", "-f", str(root / "mkdocs.yml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    audiences = json.loads(result.output)["audiences"]
    # GA4: the content table, not also the landing-page table of the same export; only audience ids
    # (carousel, (not set) are not audiences); logs: people's visits, not the AI crawler's, not junk
    assert audiences == {
        "2026-11": {
            "engineers": {"key_events": 1.0, "sessions": 12.0, "visits": 1.0},
            "plant-managers": {"key_events": 5.0, "sessions": 65.0, "visits": 2.0},
        }
    }
    table = runner.invoke(main, ["metrics", "-f", str(root / "mkdocs.yml")])
    assert table.exit_code == 0, table.output
    assert "plant-managers" in table.output and "utm_content=<audience id>" in table.output
    assert "<script" not in table.output


def test_derivative_links_round_trip_to_the_audience():
    """The link a per-audience derivative writes is read back as that audience by ingest."""
    from aeoloop.evolve.normalize import utm_content

    link = (
        "https://acme.example/oee/?utm_source=newsletter&utm_medium=email&utm_campaign=oee&utm_content=plant-managers"
    )
    assert utm_content(link) == "plant-managers"
    assert utm_content("/oee/?utm_content=a+b#x") == "a b" and utm_content("/oee/") is None
    assert utm_content("/oee/?x=1&utm_content=") is None
