package io.iotdeploy.auth.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code api_tokens} table, each row with its owner's name and role from {@code users}. */
@Repository
class ApiTokenRepository {

    private static final String SELECT = "SELECT t.id, u.username, u.admin, t.name, t.prefix, t.token_hash, "
            + "t.created_at, t.expires_at, t.last_used_at, t.revoked_at FROM api_tokens t "
            + "JOIN users u ON u.id = t.user_id ";

    private final JdbcClient jdbc;

    ApiTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a new token of the user.
     * @return the stored token, or empty when there is no such user
     */
    Optional<StoredApiToken> insert(String username, String name, String prefix, byte[] hash, Instant createdAt,
            Instant expiresAt) {
        KeyHolder key = new GeneratedKeyHolder();
        int rows = this.jdbc.sql("INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at, expires_at) "
                    + "SELECT id, ?, ?, ?, ?, ? FROM users WHERE username = ?")
            .params(name, prefix, hash, utc(createdAt), utc(expiresAt), username)
            .update(key, "id");
        if (rows == 0) {
            return Optional.empty();
        }
        return findById(key.getKeyAs(Long.class));
    }

    @Transactional(readOnly = true)
    Optional<StoredApiToken> findById(long id) {
        return this.jdbc.sql(SELECT + "WHERE t.id = ?").param(id).query((rs, row) -> token(rs)).optional();
    }

    /** The tokens, revoked ones included, whose prefix is this: the candidates for a secret. */
    @Transactional(readOnly = true)
    List<StoredApiToken> findByPrefix(String prefix) {
        return this.jdbc.sql(SELECT + "WHERE t.prefix = ?").param(prefix).query((rs, row) -> token(rs)).list();
    }

    /** The user's tokens that are not revoked, newest first. */
    @Transactional(readOnly = true)
    List<StoredApiToken> findActiveOf(String username) {
        return this.jdbc.sql(SELECT + "WHERE u.username = ? AND t.revoked_at IS NULL ORDER BY t.created_at DESC, t.id DESC")
            .param(username)
            .query((rs, row) -> token(rs))
            .list();
    }

    /** @return whether the token was revoked now (false when it was already) */
    boolean revoke(long id, Instant at) {
        return this.jdbc.sql("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
            .params(utc(at), id)
            .update() == 1;
    }

    /** Notes a use, at most once a minute per token: a pipeline's every request need not be a write. */
    void touch(long id, Instant at) {
        this.jdbc.sql("UPDATE api_tokens SET last_used_at = ? WHERE id = ? "
                    + "AND (last_used_at IS NULL OR last_used_at < ?)")
            .params(utc(at), id, utc(at.minusSeconds(60)))
            .update();
    }

    private static StoredApiToken token(ResultSet rs) throws SQLException {
        return new StoredApiToken(rs.getLong("id"), rs.getString("username"), rs.getBoolean("admin"),
                rs.getString("name"), rs.getString("prefix"), rs.getBytes("token_hash"), instant(rs, "created_at"),
                instant(rs, "expires_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return (value != null) ? value.toInstant() : null;
    }

    private static OffsetDateTime utc(Instant instant) {
        return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
    }

}
