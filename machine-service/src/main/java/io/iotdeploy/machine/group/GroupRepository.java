package io.iotdeploy.machine.group;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import io.iotdeploy.machine.device.DeviceEventRepository;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The groups tables ({@code device_group}, and {@code device_group_member} for the explicit lists). Every statement
 * is scoped to one owner. Every change is a {@code group} device event, in the same transaction, so that the
 * reconciler resolves the group again.
 */
@Repository
class GroupRepository {

    private static final String COLUMNS = "id, name, selector, created_at, updated_at";

    private final JdbcClient jdbc;

    private final DeviceEventRepository events;

    GroupRepository(JdbcClient jdbc, DeviceEventRepository events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @Transactional(readOnly = true)
    List<StoredGroup> findAll(String owner) {
        List<StoredGroup> groups = this.jdbc.sql("SELECT " + COLUMNS + " FROM device_group WHERE owner = ?")
            .param(owner)
            .query(GroupRepository::group)
            .list();
        Map<Long, SortedSet<Long>> members = new HashMap<>();
        this.jdbc.sql("SELECT m.group_id, m.device_id FROM device_group_member m "
                + "JOIN device_group g ON g.id = m.group_id WHERE g.owner = ?")
            .param(owner)
            .query((rs) -> {
                members.computeIfAbsent(rs.getLong("group_id"), (id) -> new TreeSet<>()).add(rs.getLong("device_id"));
            });
        // sorted here, not by the database's collation: HSQLDB and PostgreSQL order upper and lower case differently
        return groups.stream()
            .map((group) -> group.withMembers(members.getOrDefault(group.id(), new TreeSet<>())))
            .sorted(Comparator.comparing(StoredGroup::name))
            .toList();
    }

    @Transactional(readOnly = true)
    Optional<StoredGroup> find(String owner, String name) {
        return this.jdbc.sql("SELECT " + COLUMNS + " FROM device_group WHERE owner = ? AND name = ?")
            .param(owner)
            .param(name)
            .query(GroupRepository::group)
            .optional()
            .map((group) -> group.withMembers(members(group.id())));
    }

    /**
     * @param selector in its one spelling, or {@code null} for an explicit list
     * @param members  the explicit list's device ids, all the owner's; empty for a selector
     * @throws org.springframework.dao.DuplicateKeyException when the owner has a group of that name
     * @throws org.springframework.dao.DataIntegrityViolationException when a listed device is gone
     */
    @Transactional
    void insert(String owner, String name, String selector, Set<Long> members, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        this.jdbc.sql("INSERT INTO device_group (owner, name, selector, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
            .param(owner)
            .param(name)
            .param(new SqlParameterValue(Types.VARCHAR, selector))
            .param(timestamp(now))
            .param(timestamp(now))
            .update(keys, "id");
        insertMembers(keys.getKeyAs(Number.class).longValue(), members);
        this.events.appendGroupChange(owner, name, now);
    }

    /**
     * Gives the group a new definition; the same one again changes nothing and is no event.
     * @return whether the group changed
     * @throws GroupNotFoundException when the owner has no such group
     * @throws org.springframework.dao.DataIntegrityViolationException when a listed device is gone
     */
    @Transactional
    boolean replace(String owner, String name, String selector, Set<Long> members, Instant now) {
        // locks the group's row: of two replacements at once, the second waits, then compares with the first's
        if (this.jdbc.sql("UPDATE device_group SET owner = owner WHERE owner = ? AND name = ?").param(owner).param(name)
            .update() != 1) {
            throw new GroupNotFoundException(name);
        }
        StoredGroup group = find(owner, name).orElseThrow(() -> new GroupNotFoundException(name));
        if (Objects.equals(group.selector(), selector) && group.members().equals(members)) {
            return false;
        }
        this.jdbc.sql("UPDATE device_group SET selector = ?, updated_at = ? WHERE id = ?")
            .param(new SqlParameterValue(Types.VARCHAR, selector))
            .param(timestamp(now))
            .param(group.id())
            .update();
        this.jdbc.sql("DELETE FROM device_group_member WHERE group_id = ?").param(group.id()).update();
        insertMembers(group.id(), members);
        this.events.appendGroupChange(owner, name, now);
        return true;
    }

    /** @return whether there was such a group (its list goes with it) */
    @Transactional
    boolean delete(String owner, String name, Instant now) {
        if (this.jdbc.sql("DELETE FROM device_group WHERE owner = ? AND name = ?").param(owner).param(name)
            .update() != 1) {
            return false;
        }
        this.events.appendGroupChange(owner, name, now);
        return true;
    }

    private void insertMembers(long groupId, Set<Long> members) {
        for (long deviceId : members) {
            this.jdbc.sql("INSERT INTO device_group_member (group_id, device_id) VALUES (?, ?)")
                .param(groupId)
                .param(deviceId)
                .update();
        }
    }

    private SortedSet<Long> members(long groupId) {
        return new TreeSet<>(this.jdbc.sql("SELECT device_id FROM device_group_member WHERE group_id = ?")
            .param(groupId)
            .query(Long.class)
            .list());
    }

    private static StoredGroup group(ResultSet rs, int row) throws SQLException {
        return new StoredGroup(rs.getLong("id"), rs.getString("name"), rs.getString("selector"), new TreeSet<>(),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * A group as stored, not resolved.
     *
     * @param selector {@code null} for an explicit list
     * @param members  the explicit list's device ids (a deleted device has left it); empty for a selector
     */
    record StoredGroup(long id, String name, String selector, SortedSet<Long> members, Instant createdAt,
            Instant updatedAt) {

        StoredGroup withMembers(SortedSet<Long> members) {
            return new StoredGroup(this.id, this.name, this.selector, members, this.createdAt, this.updatedAt);
        }

    }

}
