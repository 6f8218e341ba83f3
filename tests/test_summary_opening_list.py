"""An opening of one short paragraph and then a list of steps, with no heading on the page: the
summary never quotes a whole list item, because the plugin moves only the opening paragraphs into
the summary box and the body still prints the list (the same item would show twice).

Shaped like a setup page for a sign-in provider: one sentence that says what to do first, then the
steps, one of them a long single-sentence step. Every sentence is written for these tests.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from conftest import extractive_artifacts

from aeoloop.text import count_words, normalize

PAGE = """\
---
title: Connecting Lantern sign-in
description: "How to connect Lantern as the sign-in provider for a Harbor workspace."
---

Before you connect Lantern, you need to turn on single sign-on in the Harbor workspace settings.

- Sign in to the Lantern console with an owner account
- Open **Integrations** in the side menu
- Click **New integration**, choose **SAML** and press **Continue**
- Paste the **Callback address** and the **Workspace identifier** copied from the Harbor settings into their fields, keep **Name format** on "Default", set **Login name** to "Lantern email" and switch **Refresh login name** to "On every sign-in."
- Add three attribute rows for the given name, the family name and the email address of each person
- Press **Save** at the bottom of the form
- Open the **Members** tab and give the people or teams who need Harbor access to the integration
- Go back to the **Overview** tab and click **Show metadata** beside the SAML settings
- Leave that tab open while you finish the setup in the Harbor workspace settings
"""

LONG_STEP = "Paste the Callback address and the Workspace identifier"


def test_summary_quotes_no_whole_list_item_of_the_opening(tmp_path) -> None:
    art = extractive_artifacts(tmp_path, PAGE, "lantern.md")
    assert art.summary.startswith("Before you connect Lantern")
    assert LONG_STEP not in art.summary  # the list stays in the body: quoting the step whole prints it twice


def test_built_page_prints_no_paragraph_or_item_twice(make_site, build_site) -> None:
    root = make_site({"lantern.md": PAGE})
    build_site(root)
    html = (root / "site" / "lantern" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "lxml")
    article = soup.select_one("article") or soup
    texts = [" ".join(el.get_text(" ").split()) for el in article.find_all(["p", "li"]) if not el.find("p")]
    keys = [normalize(t) for t in texts if count_words(t) >= 6]
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]
    assert any(LONG_STEP in t for t in texts)  # the body still prints the step
