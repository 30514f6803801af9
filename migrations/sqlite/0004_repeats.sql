-- A recurring action item (每周五前, "every Monday") says how often it comes round:
-- daily, weekly, biweekly, monthly or quarterly; NULL for a one-off and for items
-- stored before schema 4. Its `due_date` stays the first occurrence; follow-up and
-- alerts move on to the occurrence that is due.
ALTER TABLE action_items ADD COLUMN repeats TEXT;
