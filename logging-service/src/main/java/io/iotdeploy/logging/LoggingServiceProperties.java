package io.iotdeploy.logging;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param defaultTail how many of the last lines a request without {@code tail} gets
 * @param maxTail     the most lines one answer holds, also for {@code tail=all}: a service holds the lines in memory
 * @param timeout     how long reading the log of a container may take before the answer is 504
 * @param stream      following logs
 */
@ConfigurationProperties("logging-service")
@Validated
record LoggingServiceProperties(@DefaultValue("100") @Min(0) int defaultTail,
        @DefaultValue("10000") @Min(1) int maxTail,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue @Valid Stream stream) {

    /**
     * @param timeout   how long one follow stays open; the client reconnects after it (EventSource does by itself)
     * @param heartbeat how often a silent stream sends a comment, which is how a client that went away is noticed
     * @param max       how many streams may be open at once (each holds a thread and a connection to a device)
     */
    record Stream(@DefaultValue("30m") Duration timeout,
            @DefaultValue("15s") Duration heartbeat,
            @DefaultValue("50") @Min(1) int max) {
    }

}
