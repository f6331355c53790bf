package io.iotdeploy.deployment.desired;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The problems of deployments; each names the application and what it is about ({@code field}, device, step). */
final class DesiredStateProblems {

    private DesiredStateProblems() {
    }

    /** 400 with every mistake ({@code {field, detail}} pairs); {@code field} is the first one's. */
    static ErrorResponseException invalid(List<String[]> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.stream().map((error) -> error[1]).collect(Collectors.joining("; ")));
        problem.setTitle("Invalid deployment");
        problem.setProperty("field", errors.get(0)[0]);
        problem.setProperty("errors",
                errors.stream().map((error) -> Map.of("field", error[0], "detail", error[1])).toList());
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    static ErrorResponseException unknownDeployment(String application, long id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Your application '" + application + "' has no deployment " + id + ".");
        problem.setTitle("Unknown deployment");
        problem.setProperty("application", application);
        problem.setProperty("deployment", id);
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    /** 422: an ad-hoc selector is checked when it is used; a stored group may be empty (devices join later). */
    static ErrorResponseException selectsNothing(String application, DeploymentTarget target) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "The selector '" + target.value() + "' selects none of your devices. Tag devices first, or make "
                        + "a group of it: a group's deployment reaches its devices whenever they join.");
        problem.setTitle("Selector selects no device");
        problem.setProperty("application", application);
        problem.setProperty("field", "target.selector");
        problem.setProperty("selector", target.value());
        return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
    }

    /** 422 before anything is touched: a device of the target has a platform the release was not built for. */
    static ErrorResponseException noImageFor(String application, int release, String device, String platform,
            java.util.Set<String> built) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "Release " + release + " of '" + application + "' has no image for " + platform + ", the platform of "
                        + "device " + device + " (it was built for " + String.join(", ", built.stream().sorted().toList())
                        + ") and no builder serves " + platform + ".");
        problem.setTitle("No builder for the device's platform");
        problem.setProperty("application", application);
        problem.setProperty("release", release);
        problem.setProperty("device", device);
        problem.setProperty("platform", platform);
        problem.setProperty("step", "build");
        return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
    }

}
