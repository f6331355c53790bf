-- Which devices a group holds may have changed: the reconciler re-resolves its targets. "tags": a device's tags
-- were set (at registration, and by every change), device_id set. "group": a group was created, changed or deleted,
-- device_id null, group_name set (no foreign key: the event outlives the group). GROUP is a reserved word.
ALTER TABLE device_event ALTER COLUMN device_id DROP NOT NULL;
ALTER TABLE device_event ADD COLUMN group_name VARCHAR(128);
ALTER TABLE device_event DROP CONSTRAINT device_event_kind;
ALTER TABLE device_event ADD CONSTRAINT device_event_kind CHECK (
    (kind IN ('online', 'offline', 'tags') AND device_id IS NOT NULL AND group_name IS NULL)
    OR (kind = 'group' AND device_id IS NULL AND group_name IS NOT NULL));
