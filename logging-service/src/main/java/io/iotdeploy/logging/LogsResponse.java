package io.iotdeploy.logging;

import java.util.List;

/** The last lines of a container's log, stdout and stderr as the engine interleaved them. */
record LogsResponse(List<String> lines) {
}
