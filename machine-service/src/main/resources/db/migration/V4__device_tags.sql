-- A device's tags, key=value (DeviceTags has the grammar: at most 63 characters each, at most 32 per device),
-- removed with their device. KEY and VALUE are SQL key words (VALUE is reserved in HSQLDB), hence tag_key and
-- tag_value, as balena's device_tag names them.
CREATE TABLE device_tag (
    device_id BIGINT      NOT NULL,
    tag_key   VARCHAR(63) NOT NULL,
    tag_value VARCHAR(63) NOT NULL,
    CONSTRAINT device_tag_pk PRIMARY KEY (device_id, tag_key),
    CONSTRAINT device_tag_device FOREIGN KEY (device_id) REFERENCES device (id) ON DELETE CASCADE
);
