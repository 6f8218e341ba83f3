"""Tailor: messages that fit each audience (audiences, per-audience intros and CTAs).

targets.py   which audiences a page has, the buying stage and the CTA of each (brand/audiences.yml)
intro.py     the extractive intro: the page's own sentences that meet the audience's pains and goals
llm.py       the llm intro: the model prompted with one audience, checked like the extractive one
variant.py   the file format of generated/<page>/audiences/<id>.md (round-trips)
step.py      the ``tailor`` build step: cache, locks and provenance through the GeneratedStore
html.py      the block on the page: default CTA, variants as <template>s, the inline swap script
landing.py   the optional static /for/<audience>/<page>/ pages: which exist, links rebased for them
"""
