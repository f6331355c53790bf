package io.iotdeploy.deployment.container;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotModifiedException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** What a user can do to a container's state. Asking for the state it is already in is not an error. */
enum ContainerAction {

    START {
        @Override
        void apply(DockerClient docker, String containerId, int stopSeconds) {
            try {
                docker.startContainerCmd(containerId).exec();
            }
            catch (NotModifiedException alreadyRunning) {
                // the engine answers 304: the container runs, as asked
            }
        }
    },

    STOP {
        @Override
        void apply(DockerClient docker, String containerId, int stopSeconds) {
            try {
                docker.stopContainerCmd(containerId).withTimeout(stopSeconds).exec();
            }
            catch (NotModifiedException alreadyStopped) {
                // the engine answers 304: the container is stopped, as asked
            }
        }
    },

    PAUSE {
        @Override
        void apply(DockerClient docker, String containerId, int stopSeconds) {
            docker.pauseContainerCmd(containerId).exec();
        }
    },

    UNPAUSE {
        @Override
        void apply(DockerClient docker, String containerId, int stopSeconds) {
            docker.unpauseContainerCmd(containerId).exec();
        }
    },

    RESTART {
        @Override
        void apply(DockerClient docker, String containerId, int stopSeconds) {
            docker.restartContainerCmd(containerId).withTimeout(stopSeconds).exec();
        }
    };

    abstract void apply(DockerClient docker, String containerId, int stopSeconds);

    String step() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws ErrorResponseException 400 for an action that does not exist */
    static ContainerAction parse(String action) {
        for (ContainerAction candidate : values()) {
            if (candidate.step().equals(action)) {
                return candidate;
            }
        }
        String known = Arrays.stream(values()).map(ContainerAction::step).collect(Collectors.joining(", "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Unknown container action '" + action + "': use one of " + known + ".");
        problem.setTitle("Unknown action");
        throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

}
