-- Devices are reached with TLS and the platform's client certificate unless their owner marks them insecure
-- (plain TCP, port 2375). Devices registered before are not marked: they are reached with TLS from now on.
-- The certificate issued for a device (its TLS bundle) is remembered by serial, fingerprint and dates; its
-- private key is never stored.
ALTER TABLE device ADD COLUMN insecure BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE device ADD COLUMN tls_serial VARCHAR(64);
ALTER TABLE device ADD COLUMN tls_fingerprint VARCHAR(95);
ALTER TABLE device ADD COLUMN tls_issued_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE device ADD COLUMN tls_expires_at TIMESTAMP WITH TIME ZONE;
