package io.iotdeploy.audit;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param statsTimeout how long one stats sample may take; the engine needs two sampling cycles (~2 s) for one
 * @param parallelism  how many containers of one device are sampled at once; each sample holds a connection
 *                     (a device client has 20) and a thread
 */
@ConfigurationProperties("audit-service")
@Validated
record AuditServiceProperties(@DefaultValue("15s") Duration statsTimeout,
        @DefaultValue("8") @Min(1) @Max(16) int parallelism) {
}
