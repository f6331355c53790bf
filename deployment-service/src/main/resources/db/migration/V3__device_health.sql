-- The health of the application on a device, as its container's health check last said: starting, healthy or
-- unhealthy; NULL where the release declares no check, or where the container does not run.
ALTER TABLE deployment_device ADD COLUMN health VARCHAR(12);
ALTER TABLE deployment_device ADD CONSTRAINT deployment_device_health
    CHECK (health IS NULL OR health IN ('starting', 'healthy', 'unhealthy'));
