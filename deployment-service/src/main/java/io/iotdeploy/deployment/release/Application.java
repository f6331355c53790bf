package io.iotdeploy.deployment.release;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An application: a name owned by a user, made with its first release. The name is the container's name on every
 * device ({@code io.iotdeploy.device.ContainerNames}); another owner may have an application of the same name.
 */
@Entity
@Table(name = "application")
class Application {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 64)
    private String owner;

    @Column(nullable = false, length = 128)
    private String name;

    @JdbcTypeCode(SqlTypes.TIMESTAMP_WITH_TIMEZONE)
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Application() {
    }

    Application(String owner, String name, Instant createdAt) {
        this.owner = owner;
        this.name = name;
        this.createdAt = createdAt;
    }

    Long id() {
        return this.id;
    }

    String owner() {
        return this.owner;
    }

    String name() {
        return this.name;
    }

    Instant createdAt() {
        return this.createdAt;
    }

}
