"""The evolve store's schema: tables, views and the natural keys of dated aggregates.

Tables (one row per record; ``file_id`` ties every row to the file it came from):

- ``files``: sha256 of the content (the idempotence key), path, format, kind, size, rows,
  bad_rows, replaced, min_date/max_date, ``seq`` (ingest order) and ``state`` (``loading``
  while a big file is being ingested, ``ready`` once it is in); for an export without dates (a
  Search Console or GA4 period export), ``known``, the date it was known from, and
  ``known_from``, how that date was found (``git``: the commit that gave the file its content;
  ``ingest``: the day it was ingested). See :func:`known_rows`.
- ``citations``, ``search``, ``sessions``: the common records (see :mod:`.records`), with host and
  canonical path split out of every URL.
- ``visits``: one row per request line: time, status, client-IP HMAC (or NULL) and three ids into
  per-file dictionaries ``visit_requests`` (method, host, path, utm_source, AI engine of the
  UTM, utm_content), ``visit_agents`` (user agent, AI crawler token, operator, purpose) and
  ``visit_referrers`` (referrer, host, AI engine). The view ``visits_v`` joins them back;
  ``visits_daily`` (view ``visits_daily_v``) is the same per day and request/agent/referrer,
  with a hit count: what plan, digest and metrics read.
- ``quarantine``: rows that could not be read: file, line, reason, raw text.
"""

from __future__ import annotations

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS files (
    file_id INTEGER PRIMARY KEY, sha256 VARCHAR NOT NULL UNIQUE, path VARCHAR NOT NULL, format VARCHAR NOT NULL,
    kind VARCHAR NOT NULL, size BIGINT, mtime_ns BIGINT, rows BIGINT DEFAULT 0, bad_rows BIGINT DEFAULT 0,
    replaced BIGINT DEFAULT 0, min_date DATE, max_date DATE, seq INTEGER NOT NULL, state VARCHAR DEFAULT 'ready',
    known DATE, known_from VARCHAR);
CREATE TABLE IF NOT EXISTS citations (
    file_id INTEGER NOT NULL, line BIGINT, date DATE NOT NULL, engine VARCHAR NOT NULL, prompt VARCHAR,
    host VARCHAR, path VARCHAR, count DOUBLE NOT NULL, brand_cited BOOLEAN, answers DOUBLE,
    position DOUBLE, brand_mentioned BOOLEAN, sentiment VARCHAR, country VARCHAR, answer_id VARCHAR, title VARCHAR,
    source_tool VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS search (
    file_id INTEGER NOT NULL, line BIGINT, date DATE, url VARCHAR, host VARCHAR, path VARCHAR,
    query VARCHAR, clicks DOUBLE, impressions DOUBLE, ctr DOUBLE, position DOUBLE, country VARCHAR, device VARCHAR,
    search_type VARCHAR, source_tool VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    file_id INTEGER NOT NULL, line BIGINT, date DATE, url VARCHAR, host VARCHAR, path VARCHAR,
    source VARCHAR, medium VARCHAR, ai_engine VARCHAR, sessions DOUBLE, engaged_sessions DOUBLE, key_events DOUBLE,
    revenue DOUBLE, grain VARCHAR, source_tool VARCHAR NOT NULL, content VARCHAR);
CREATE TABLE IF NOT EXISTS visits (
    file_id INTEGER NOT NULL, line BIGINT, ts TIMESTAMP NOT NULL, status SMALLINT, request_id INTEGER,
    agent_id INTEGER, referrer_id INTEGER, ip_hash BIGINT);
CREATE TABLE IF NOT EXISTS visit_requests (
    file_id INTEGER NOT NULL, id INTEGER NOT NULL, method VARCHAR, target VARCHAR, host VARCHAR, path VARCHAR,
    utm_source VARCHAR, utm_engine VARCHAR, utm_content VARCHAR);
CREATE TABLE IF NOT EXISTS visit_agents (
    file_id INTEGER NOT NULL, id INTEGER NOT NULL, user_agent VARCHAR, crawler VARCHAR, operator VARCHAR, purpose VARCHAR);
CREATE TABLE IF NOT EXISTS visit_referrers (
    file_id INTEGER NOT NULL, id INTEGER NOT NULL, referrer VARCHAR, host VARCHAR, ai_engine VARCHAR);
CREATE TABLE IF NOT EXISTS visits_daily (
    file_id INTEGER NOT NULL, date DATE NOT NULL, request_id INTEGER, agent_id INTEGER, referrer_id INTEGER, hits BIGINT);
CREATE TABLE IF NOT EXISTS quarantine (file_id INTEGER NOT NULL, line BIGINT, reason VARCHAR, raw VARCHAR);
CREATE OR REPLACE VIEW visits_v AS
    SELECT v.file_id, v.line, v.ts, CAST(v.ts AS DATE) AS date, v.status, q.method, q.host, q.path, q.target,
           a.user_agent, a.crawler, a.operator, a.purpose, r.referrer, r.host AS referrer_host,
           coalesce(r.ai_engine, q.utm_engine) AS ai_engine, v.ip_hash,
           CASE WHEN a.crawler IS NOT NULL THEN 'ai-crawler'
                WHEN coalesce(r.ai_engine, q.utm_engine) IS NOT NULL THEN 'ai-referral' ELSE 'other' END AS class
    FROM visits v
    JOIN visit_requests q ON q.file_id = v.file_id AND q.id = v.request_id
    JOIN visit_agents a ON a.file_id = v.file_id AND a.id = v.agent_id
    JOIN visit_referrers r ON r.file_id = v.file_id AND r.id = v.referrer_id;
CREATE OR REPLACE VIEW visits_daily_v AS
    SELECT v.file_id, v.date, v.hits, q.host, q.path, a.crawler, a.operator, a.purpose,
           coalesce(r.ai_engine, q.utm_engine) AS ai_engine, q.utm_content,
           CASE WHEN a.crawler IS NOT NULL THEN 'ai-crawler'
                WHEN coalesce(r.ai_engine, q.utm_engine) IS NOT NULL THEN 'ai-referral' ELSE 'other' END AS class
    FROM visits_daily v
    JOIN visit_requests q ON q.file_id = v.file_id AND q.id = v.request_id
    JOIN visit_agents a ON a.file_id = v.file_id AND a.id = v.agent_id
    JOIN visit_referrers r ON r.file_id = v.file_id AND r.id = v.referrer_id;
"""

# Natural keys: a later export of the same key replaces the earlier one (see module doc).
NKEY = {
    "citations": "hash(source_tool, date, engine, prompt, host, path, country, answer_id)",
    "search": "hash(source_tool, date, host, path, query, country, device, search_type)",
    "sessions": "hash(source_tool, date, host, path, source, medium, grain, content)",
}
DATE_EXPR = {"citations": "date", "search": "date", "sessions": "date", "visits": "CAST(ts AS DATE)"}
MIGRATIONS = (  # columns added since schema 1: an older store gains them on its next writable open
    "ALTER TABLE files ADD COLUMN IF NOT EXISTS known DATE",
    "ALTER TABLE files ADD COLUMN IF NOT EXISTS known_from VARCHAR",
    "ALTER TABLE sessions ADD COLUMN IF NOT EXISTS content VARCHAR",  # utm_content (per-audience attribution)
    "ALTER TABLE visit_requests ADD COLUMN IF NOT EXISTS utm_content VARCHAR",
)
UNDATED = ("search", "sessions")
"""Tables whose exports may carry no dates (one period): kept per export, chosen at query time."""
TABLES = (
    "citations",
    "search",
    "sessions",
    "visits",
    "visits_daily",
    "visit_requests",
    "visit_agents",
    "visit_referrers",
    "quarantine",
)


def known_rows(table: str, as_of_known: bool) -> str:
    """A subquery for ``FROM``: the rows of ``table`` as known at a date (the first ``?``
    parameter when ``as_of_known``).

    Dated rows are as they are (queries bound them by date). An export without dates covers one
    period that it does not name, so it counts from the day it was known: of the undated rows
    with the same natural key, the one of the newest export known at the date (known date, then
    ingest order) wins; exports known only later are left out. Without ``as_of_known`` (the plan
    as of the latest report date) the newest export wins. Older undated exports stay in the
    store for that reason (:meth:`.store.Store._replace` does not replace them).
    """
    known = "coalesce(f_known, DATE '0001-01-01')"  # stores from before the known date: counted
    cond = f"{known} <= ?" if as_of_known else "TRUE"
    return f"""(SELECT * FROM {table} WHERE date IS NOT NULL
        UNION ALL BY NAME
        SELECT * EXCLUDE (f_known, f_seq, rn) FROM (
            SELECT t.*, f_known, f_seq, row_number() OVER (PARTITION BY {NKEY[table]} ORDER BY {known} DESC, f_seq DESC) AS rn
            FROM {table} t JOIN (SELECT file_id, known AS f_known, seq AS f_seq FROM files WHERE state = 'ready') USING (file_id)
            WHERE t.date IS NULL AND {cond}) WHERE rn = 1)"""
