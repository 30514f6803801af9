-- Action items keep where they were said, and where they were followed up.
--
-- `turn_id` and `quote` are the turn of the transcript the item was agreed in and
-- its words, so that the agenda can quote the promise without reading the whole
-- analysis (NULL for items stored before schema 3, or added by hand).
-- `followed_up_in` is the first later conversation with the same employee that
-- named the item again: the audit's "action items followed up" and the agenda's
-- follow-up section read it. Deleting that conversation forgets the follow-up,
-- not the item.
ALTER TABLE action_items ADD COLUMN turn_id INTEGER;
ALTER TABLE action_items ADD COLUMN quote TEXT;
ALTER TABLE action_items ADD COLUMN followed_up_in INTEGER REFERENCES conversations (id) ON DELETE SET NULL;
