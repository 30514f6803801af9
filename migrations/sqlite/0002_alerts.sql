-- Alerts about an employee (issue 6), schema 2.
--
-- One row per alert: what it is about (`kind`), the rule's dedupe `key` (the same
-- episode recomputed gives the same key, so recording the alerts again adds nothing),
-- a one-line `summary` and the evidence as a JSON array of
-- {source, week?, conversation_id?, turn_id?, action_item_id?, quote}.
--
-- An alert goes with its employee (`forget` deletes the person's row). Acknowledging
-- keeps who did it as a token id; that link goes when the token does. The delivery
-- columns belong to the webhook: how many POSTs were tried, when the last one was
-- (for the backoff between tries) and why it failed.

CREATE TABLE alerts (
    id                        INTEGER PRIMARY KEY,
    employee_id               INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind                      TEXT NOT NULL CHECK (kind IN (
        'declining_sentiment', 'negative_feedback', 'recurring_blocker',
        'overdue_action_item', 'cadence_gap')),
    key                       TEXT NOT NULL,
    summary                   TEXT NOT NULL,
    evidence_json             TEXT NOT NULL,
    created_at                TEXT NOT NULL,
    acknowledged_at           TEXT,
    acknowledged_by_token_id  INTEGER REFERENCES tokens (id) ON DELETE SET NULL,
    delivered_at              TEXT,
    delivery_attempts         INTEGER NOT NULL DEFAULT 0,
    last_attempt_at           TEXT,
    last_delivery_error       TEXT,
    UNIQUE (employee_id, key)
);
CREATE INDEX alerts_by_created ON alerts (created_at);
CREATE INDEX alerts_undelivered ON alerts (id) WHERE delivered_at IS NULL;
