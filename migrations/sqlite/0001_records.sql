-- Candor's records, schema 1 (SQLite).
--
-- Kept to SQL that PostgreSQL also reads where that costs nothing: ON CONFLICT,
-- RETURNING, recursive CTEs, BOOLEAN with TRUE/FALSE, timestamps and dates as ISO-8601
-- text. What differs (INTEGER PRIMARY KEY vs identity columns, BLOB vs BYTEA) will live
-- in migrations/postgres/ beside this folder.
--
-- Times are UTC, written as 2026-07-24T09:30:00.000Z (fixed width, so text order is
-- time order); dates as 2026-07-24; ISO weeks as 2026-W30.

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    manager_id  INTEGER REFERENCES people (id) ON DELETE SET NULL,
    department  TEXT,
    created_at  TEXT NOT NULL,
    CHECK (manager_id IS NULL OR manager_id <> id)
);
CREATE INDEX people_by_manager ON people (manager_id);
CREATE INDEX people_by_department ON people (department);

-- One uploaded transcript. `original`, `content_hash`, `conversation_json`,
-- `source_name` and `manager_id` become NULL (and `redacted_at` is set) when the
-- manager asks to be forgotten: the employee's record of the meeting stays, the
-- manager's words and name go.
CREATE TABLE conversations (
    id                 INTEGER PRIMARY KEY,
    manager_id         INTEGER REFERENCES people (id),
    employee_id        INTEGER NOT NULL REFERENCES people (id),
    kind               TEXT CHECK (kind IN ('plan', 'coaching', 'review', 'feedback')),
    held_on            TEXT,
    created_at         TEXT NOT NULL,
    source_name        TEXT,
    format             TEXT NOT NULL,
    language           TEXT CHECK (language IN ('zh', 'en', 'mixed')),
    original           BLOB,
    content_hash       TEXT UNIQUE,
    conversation_json  TEXT,
    redacted_at        TEXT
);
CREATE INDEX conversations_by_employee ON conversations (employee_id, held_on);
CREATE INDEX conversations_by_manager ON conversations (manager_id, held_on);

CREATE TABLE analyses (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    schema_version   TEXT NOT NULL,
    model_version    TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    analysis_json    TEXT NOT NULL
);
CREATE INDEX analyses_by_conversation ON analyses (conversation_id, id);

CREATE TABLE weekly_reports (
    id             INTEGER PRIMARY KEY,
    employee_id    INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    iso_week       TEXT NOT NULL,
    body           TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    analysis_json  TEXT,
    created_at     TEXT NOT NULL,
    UNIQUE (employee_id, iso_week, content_hash)
);

-- The owner is a person in the store or, when the transcript names someone who is
-- not (a team, a vendor, a first name only), the name as said: exactly one of the two.
CREATE TABLE action_items (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    owner_id         INTEGER REFERENCES people (id) ON DELETE CASCADE,
    owner_name       TEXT,
    what             TEXT NOT NULL,
    due_text         TEXT,
    due_date         TEXT,
    specific         BOOLEAN NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    created_at       TEXT NOT NULL,
    CHECK ((owner_id IS NULL) <> (owner_name IS NULL))
);
CREATE INDEX action_items_by_conversation ON action_items (conversation_id);
CREATE INDEX action_items_by_owner ON action_items (owner_id);

-- Append-only in the API; only `forget` deletes (entries about the forgotten person's
-- records) or anonymises (entries where they were the reader). No foreign keys: the
-- log outlives the tokens and records it mentions. A NULL actor is the local CLI or
-- a forgotten reader.
CREATE TABLE access_log (
    id               INTEGER PRIMARY KEY,
    at               TEXT NOT NULL,
    actor_token_id   INTEGER,
    actor_person_id  INTEGER,
    action           TEXT NOT NULL CHECK (action IN ('read', 'list', 'create', 'update', 'delete')),
    resource_kind    TEXT NOT NULL
        CHECK (resource_kind IN ('person', 'conversation', 'report', 'action_item', 'token', 'access_log')),
    resource_id      INTEGER
);
CREATE INDEX access_log_by_resource ON access_log (resource_kind, resource_id);

-- Only the SHA-256 of a token's secret is kept; the secret is shown once at creation.
CREATE TABLE tokens (
    id             INTEGER PRIMARY KEY,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'hr', 'manager')),
    person_id      INTEGER REFERENCES people (id) ON DELETE CASCADE,
    secret_sha256  TEXT NOT NULL UNIQUE,
    created_at     TEXT NOT NULL,
    revoked        BOOLEAN NOT NULL DEFAULT FALSE
);
