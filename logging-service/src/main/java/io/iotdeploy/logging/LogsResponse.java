package io.iotdeploy.logging;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** The last lines of a container's log, stdout and stderr as the engine interleaved them. */
record LogsResponse(@Schema(description = "oldest first, without line ends") List<String> lines) {
}
