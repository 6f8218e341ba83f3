"""Express: the brand voice, as files a build can check (brand, glossary, audiences, voice rules).

voice.py       brand/voice.yml compiled to rules (its schema: voice_schema.py)
vale.py        Vale style folders and vocabularies under brand/vale/, used as they are
rules/         the rule types, one module each (existence, substitution, occurrence, repetition, consistency,
               conditional, capitalization, readability, metric), registered by name
regexes.py     Vale (Go) regular expressions in Python, and cheap pre-checks
markup.py      Markdown → checkable text segments with exact offsets into the source
segments.py    the Segment (text + source offsets) and the sentence splitter rules use
inline.py      the inline scanner markup.py runs on each inline token
textstats.py   counts and readability formulas (textstat's, per language)
lint.py        the runner: load_rules, lint_files, lint_paths, LintReport
guardrails.py  the same rules on generated text: check_text, check_artifacts, repair
fix.py         `aeoloop lint --fix`: substitutions applied in place
formats.py     text, json, github, sarif writers
commands.py    the `aeoloop lint` click command
buildsteps.py  the lint and guardrails steps of the build
"""
