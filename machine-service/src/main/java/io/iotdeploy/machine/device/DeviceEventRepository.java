package io.iotdeploy.machine.device;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The device events table, of every owner: only the platform's services read it ({@link DeviceEventController}).
 * Ids are handed out as events are inserted; two transitions recorded at the same moment may commit in the other
 * order, so a reader that has read on past one of them misses it: the reconciler's own interval is the safety net.
 * Public for the groups ({@link #appendGroupChange}); the device events are this package's.
 */
@Repository
public class DeviceEventRepository {

    private final JdbcClient jdbc;

    DeviceEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * An event of a device ({@code online}, {@code offline}, {@code tags}). Joins the caller's transaction: the
     * device's change and its event are committed together.
     */
    @Transactional
    DeviceEvent append(long deviceId, String owner, String kind, Instant at) {
        return insert(deviceId, owner, kind, null, at);
    }

    /**
     * A group of the owner's was created, changed or deleted: the devices it selects may be others now. Joins the
     * caller's transaction, so that the group's change and its event are committed together.
     * @return the event's id
     */
    @Transactional
    public long appendGroupChange(String owner, String group, Instant at) {
        return insert(null, owner, DeviceEvent.GROUP, group, at).id();
    }

    private DeviceEvent insert(Long deviceId, String owner, String kind, String group, Instant at) {
        KeyHolder keys = new GeneratedKeyHolder();
        this.jdbc.sql("INSERT INTO device_event (device_id, owner, kind, group_name, occurred_at) VALUES (?, ?, ?, ?, ?)")
            .param(new SqlParameterValue(Types.BIGINT, deviceId))
            .param(owner)
            .param(kind)
            .param(new SqlParameterValue(Types.VARCHAR, group))
            .param(OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
            .update(keys, "id");
        return new DeviceEvent(keys.getKeyAs(Number.class).longValue(), deviceId, owner, kind, group, at);
    }

    /** At most {@code limit} events with an id above {@code after}, in id order. */
    @Transactional(readOnly = true)
    List<DeviceEvent> findAfter(long after, int limit) {
        return this.jdbc.sql("SELECT id, device_id, owner, kind, group_name, occurred_at FROM device_event WHERE id > ? "
                + "ORDER BY id FETCH FIRST ? ROWS ONLY")
            .param(after)
            .param(limit)
            .query(DeviceEventRepository::event)
            .list();
    }

    /** @return how many events there were from before {@code cutoff} */
    @Transactional
    int deleteBefore(Instant cutoff) {
        return this.jdbc.sql("DELETE FROM device_event WHERE occurred_at < ?")
            .param(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
            .update();
    }

    private static DeviceEvent event(ResultSet rs, int row) throws SQLException {
        return new DeviceEvent(rs.getLong("id"), rs.getObject("device_id", Long.class), rs.getString("owner"),
                rs.getString("kind"), rs.getString("group_name"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant());
    }

}
