package io.iotdeploy.machine.device;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import io.iotdeploy.device.DeviceNotFoundException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The devices table and their tags ({@code device_tag}). Every statement is scoped to one owner, so that another
 * user's device does not exist here; only the heartbeat lists every owner's devices ({@link #findEvery}).
 */
@Repository
class DeviceRepository {

    private static final String COLUMNS = "owner, id, name, address, port, insecure, state, last_seen, architecture, os, "
            + "kernel, docker_version, cpus, memory_bytes, containers, images, created_at, tls_serial, tls_fingerprint, "
            + "tls_issued_at, tls_expires_at";

    private final JdbcClient jdbc;

    private final DeviceEventRepository events;

    DeviceRepository(JdbcClient jdbc, DeviceEventRepository events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Every owner's devices, for the heartbeat. */
    @Transactional(readOnly = true)
    List<Device> findEvery() {
        List<Device> devices = this.jdbc.sql("SELECT " + COLUMNS + " FROM device ORDER BY id")
            .query(DeviceRepository::device)
            .list();
        return withTags(devices, tags(this.jdbc.sql("SELECT device_id, tag_key, tag_value FROM device_tag")));
    }

    @Transactional(readOnly = true)
    List<Device> findAll(String owner) {
        List<Device> devices = this.jdbc.sql("SELECT " + COLUMNS + " FROM device WHERE owner = ? ORDER BY id")
            .param(owner)
            .query(DeviceRepository::device)
            .list();
        return withTags(devices, tagsOfOwner(owner));
    }

    @Transactional(readOnly = true)
    List<Device> findByAddress(String owner, String address) {
        List<Device> devices = this.jdbc
            .sql("SELECT " + COLUMNS + " FROM device WHERE owner = ? AND address = ? ORDER BY id")
            .param(owner)
            .param(address)
            .query(DeviceRepository::device)
            .list();
        return withTags(devices, tagsOfOwner(owner));
    }

    @Transactional(readOnly = true)
    Optional<Device> findById(String owner, long id) {
        return this.jdbc.sql("SELECT " + COLUMNS + " FROM device WHERE owner = ? AND id = ?")
            .param(owner)
            .param(id)
            .query(DeviceRepository::device)
            .optional()
            .map(this::withTags);
    }

    @Transactional(readOnly = true)
    Optional<Device> findByEndpoint(String owner, String address, int port) {
        return this.jdbc.sql("SELECT " + COLUMNS + " FROM device WHERE owner = ? AND address = ? AND port = ?")
            .param(owner)
            .param(address)
            .param(port)
            .query(DeviceRepository::device)
            .optional()
            .map(this::withTags);
    }

    /**
     * Stores a device with its tags; that its tags are set is a {@code tags} event in the same transaction (a
     * selector may select it, whatever its tags: {@code !site} selects an untagged device).
     * @param tags checked ({@link DeviceTags#of})
     * @return the new device's id
     * @throws org.springframework.dao.DuplicateKeyException when the owner has a device at that address and port
     */
    @Transactional
    long insert(String owner, String name, String address, int port, boolean insecure, Map<String, String> tags,
            EnginePing ping, Instant now) {
        EngineFacts facts = ping.facts();
        boolean online = facts != null;
        KeyHolder keys = new GeneratedKeyHolder();
        this.jdbc.sql("INSERT INTO device (owner, name, address, port, insecure, state, last_seen, architecture, os, "
                + "kernel, docker_version, cpus, memory_bytes, containers, images, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .param(owner)
            .param(name)
            .param(address)
            .param(port)
            .param(insecure)
            .param(ping.state().value())
            .param(online ? timestamp(now) : null)
            .param(online ? clip(facts.architecture(), 64) : null)
            .param(online ? clip(facts.os(), 255) : null)
            .param(online ? clip(facts.kernel(), 255) : null)
            .param(online ? clip(facts.dockerVersion(), 64) : null)
            .param(online ? facts.cpus() : null)
            .param(online ? facts.memoryBytes() : null)
            .param(online ? facts.containers() : null)
            .param(online ? facts.images() : null)
            .param(timestamp(now))
            .update(keys, "id");
        long id = keys.getKeyAs(Number.class).longValue();
        insertTags(id, tags);
        this.events.append(id, owner, DeviceEvent.TAGS, now);
        return id;
    }

    /**
     * Replaces a device's tags. A change is a {@code tags} event, in the same transaction; the same tags again
     * change nothing and are no event.
     * @param tags checked ({@link DeviceTags#of})
     * @return the event, if the tags changed
     * @throws DeviceNotFoundException when the owner has no such device
     */
    @Transactional
    Optional<DeviceEvent> replaceTags(String owner, long id, Map<String, String> tags, Instant now) {
        // locks the device's row: of two replacements at once, the second waits, then compares with the first's
        if (this.jdbc.sql("UPDATE device SET owner = owner WHERE owner = ? AND id = ?").param(owner).param(id)
            .update() != 1) {
            throw new DeviceNotFoundException(id);
        }
        if (tagsOf(id).equals(tags)) {
            return Optional.empty();
        }
        this.jdbc.sql("DELETE FROM device_tag WHERE device_id = ?").param(id).update();
        insertTags(id, tags);
        return Optional.of(this.events.append(id, owner, DeviceEvent.TAGS, now));
    }

    /**
     * Records a ping. An engine that answered refreshes {@code last_seen}, and the facts when it was asked for them
     * ({@code /info}, not the heartbeat's {@code _ping}); one that did not changes only the state, so the last known
     * facts and when the engine last answered stay visible while a device is down. A change between {@code online}
     * and not online is a {@link DeviceEvent}, recorded in the same transaction.
     * @return the event, if the state changed so (none when the device is gone)
     */
    @Transactional
    Optional<DeviceEvent> update(String owner, long id, EnginePing ping, Instant now) {
        boolean online = ping.state() == DeviceState.ONLINE;
        // this conditional update decides whether it is a transition: of two pings recorded at the same moment
        // (the heartbeat's and the owner's), the second one waits for the first and then finds nothing to change
        boolean transition = this.jdbc.sql("UPDATE device SET state = ? WHERE owner = ? AND id = ? AND "
                + (online ? "state <> ?" : "state = ?"))
            .param(ping.state().value())
            .param(owner)
            .param(id)
            .param(DeviceState.ONLINE.value())
            .update() == 1;
        EngineFacts facts = ping.facts();
        if (facts != null) {
            this.jdbc.sql("UPDATE device SET state = ?, last_seen = ?, architecture = ?, os = ?, kernel = ?, "
                    + "docker_version = ?, cpus = ?, memory_bytes = ?, containers = ?, images = ? "
                    + "WHERE owner = ? AND id = ?")
                .param(ping.state().value())
                .param(timestamp(now))
                .param(clip(facts.architecture(), 64))
                .param(clip(facts.os(), 255))
                .param(clip(facts.kernel(), 255))
                .param(clip(facts.dockerVersion(), 64))
                .param(facts.cpus())
                .param(facts.memoryBytes())
                .param(facts.containers())
                .param(facts.images())
                .param(owner)
                .param(id)
                .update();
        }
        else if (online) {
            this.jdbc.sql("UPDATE device SET state = ?, last_seen = ? WHERE owner = ? AND id = ?")
                .param(ping.state().value())
                .param(timestamp(now))
                .param(owner)
                .param(id)
                .update();
        }
        else {
            this.jdbc.sql("UPDATE device SET state = ? WHERE owner = ? AND id = ?")
                .param(ping.state().value())
                .param(owner)
                .param(id)
                .update();
        }
        if (!transition) {
            return Optional.empty();
        }
        return Optional.of(this.events.append(id, owner, online ? DeviceEvent.ONLINE : DeviceEvent.OFFLINE, now));
    }

    /**
     * Changes what its owner may change of a device.
     * @return whether the device still exists
     * @throws org.springframework.dao.DuplicateKeyException when the owner has a device at that address and port
     */
    @Transactional
    boolean updateSettings(String owner, long id, String name, int port, boolean insecure) {
        return this.jdbc.sql("UPDATE device SET name = ?, port = ?, insecure = ? WHERE owner = ? AND id = ?")
            .param(name)
            .param(port)
            .param(insecure)
            .param(owner)
            .param(id)
            .update() == 1;
    }

    /**
     * Remembers the certificate last issued for a device (not its key).
     * @return whether the device still exists
     */
    @Transactional
    boolean recordCertificate(String owner, long id, Device.TlsCertificate certificate) {
        return this.jdbc.sql("UPDATE device SET tls_serial = ?, tls_fingerprint = ?, tls_issued_at = ?, "
                + "tls_expires_at = ? WHERE owner = ? AND id = ?")
            .param(certificate.serial())
            .param(certificate.fingerprint())
            .param(timestamp(certificate.issuedAt()))
            .param(timestamp(certificate.expiresAt()))
            .param(owner)
            .param(id)
            .update() == 1;
    }

    /** @return whether there was such a device */
    @Transactional
    boolean delete(String owner, long id) {
        return this.jdbc.sql("DELETE FROM device WHERE owner = ? AND id = ?").param(owner).param(id).update() == 1;
    }

    private void insertTags(long id, Map<String, String> tags) {
        tags.forEach((key, value) -> this.jdbc
            .sql("INSERT INTO device_tag (device_id, tag_key, tag_value) VALUES (?, ?, ?)")
            .param(id)
            .param(key)
            .param(value)
            .update());
    }

    private Map<Long, SortedMap<String, String>> tagsOfOwner(String owner) {
        return tags(this.jdbc.sql("SELECT t.device_id, t.tag_key, t.tag_value FROM device_tag t "
                + "JOIN device d ON d.id = t.device_id WHERE d.owner = ?").param(owner));
    }

    private SortedMap<String, String> tagsOf(long id) {
        return tags(this.jdbc.sql("SELECT device_id, tag_key, tag_value FROM device_tag WHERE device_id = ?").param(id))
            .getOrDefault(id, Collections.emptySortedMap());
    }

    /** Tags by device, from a query of {@code device_id, tag_key, tag_value}. */
    private static Map<Long, SortedMap<String, String>> tags(JdbcClient.StatementSpec query) {
        Map<Long, SortedMap<String, String>> tags = new HashMap<>();
        query.query((rs) -> {
            tags.computeIfAbsent(rs.getLong("device_id"), (id) -> new TreeMap<>())
                .put(rs.getString("tag_key"), rs.getString("tag_value"));
        });
        return tags;
    }

    private Device withTags(Device device) {
        return device.withTags(Collections.unmodifiableSortedMap(tagsOf(device.id())));
    }

    private static List<Device> withTags(List<Device> devices, Map<Long, SortedMap<String, String>> tags) {
        return devices.stream()
            .map((device) -> device.withTags(Collections.unmodifiableSortedMap(
                    tags.getOrDefault(device.id(), Collections.emptySortedMap()))))
            .toList();
    }

    private static Device device(ResultSet rs, int row) throws SQLException {
        String address = rs.getString("address");
        int port = rs.getInt("port");
        String architecture = rs.getString("architecture");
        String serial = rs.getString("tls_serial");
        Device.TlsCertificate certificate = (serial != null) ? new Device.TlsCertificate(serial,
                rs.getString("tls_fingerprint"), instant(rs, "tls_issued_at"), instant(rs, "tls_expires_at")) : null;
        return new Device(rs.getLong("id"), rs.getString("name"), address, port, DeviceAddress.dockerHost(address, port),
                rs.getBoolean("insecure"), rs.getString("state"), instant(rs, "last_seen"), architecture,
                Device.platformOf(architecture), rs.getString("os"), rs.getString("kernel"),
                rs.getString("docker_version"), rs.getObject("cpus", Integer.class),
                rs.getObject("memory_bytes", Long.class), rs.getObject("containers", Integer.class),
                rs.getObject("images", Integer.class), instant(rs, "created_at"), certificate, rs.getString("owner"),
                Map.of());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return (value != null) ? value.toInstant() : null;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Facts come from the device: a device reporting an absurdly long string must not fail the ping. */
    private static String clip(String value, int length) {
        return (value != null && value.length() > length) ? value.substring(0, length) : value;
    }

}
