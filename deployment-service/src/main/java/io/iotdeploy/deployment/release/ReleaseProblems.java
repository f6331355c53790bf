package io.iotdeploy.deployment.release;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.iotdeploy.device.ContainerNames;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The problems of applications, releases and artifacts. Each names what it is about ({@code application},
 * {@code release}, {@code artifact}, {@code platform}) and, for a mistake of the caller, the {@code field}; a 400
 * lists every mistake at once in {@code errors} ({@code [{"field","detail"}]}).
 */
final class ReleaseProblems {

    private ReleaseProblems() {
    }

    /** 400 with every mistake; {@code field} is the first one's. */
    static ErrorResponseException invalid(String title, List<InvalidField> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.stream().map(InvalidField::detail).collect(Collectors.joining("; ")));
        problem.setTitle(title);
        problem.setProperty("field", errors.get(0).field());
        problem.setProperty("errors", errors.stream().map(ReleaseProblems::describe).toList());
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    static ErrorResponseException invalid(String title, String field, String detail) {
        return invalid(title, List.of(new InvalidField(field, detail)));
    }

    /** The application's name as a path parameter, checked before anything is looked up. */
    static String requireName(String name) {
        if (!ContainerNames.isValid(name)) {
            throw invalid("Invalid application name", "name", "The application name "
                    + ContainerNames.mistake(name) + " (it is the container's name on every device).");
        }
        return name;
    }

    /** Also for another owner's application: whether it exists is not the caller's business. */
    static ErrorResponseException unknownApplication(String name) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "You have no application named '" + name + "'.");
        problem.setTitle("Unknown application");
        problem.setProperty("application", name);
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    static ErrorResponseException unknownRelease(String name, int number) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Your application '" + name + "' has no release " + number + ".");
        problem.setTitle("Unknown release");
        problem.setProperty("application", name);
        problem.setProperty("release", number);
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    /** The answer of a lookup that finds nothing: the upload is new, or its settings are. */
    static ErrorResponseException noReleaseWith(String name, ReleaseIdentity identity) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Your application '" + name + "' has no release of artifact sha256:" + identity.artifactSha256()
                        + " with these settings (settings hash " + identity.settingsHash() + ").");
        problem.setTitle("No such release");
        problem.setProperty("application", name);
        problem.setProperty("artifact", "sha256:" + identity.artifactSha256());
        problem.setProperty("settingsHash", identity.settingsHash());
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    /** 409: a release needs its artifact uploaded (by its owner) first. */
    static ErrorResponseException artifactNotUploaded(String sha256) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Artifact sha256:" + sha256
                + " has not been uploaded by you (or it was deleted as no release needed it any more): "
                + "PUT /artifacts/sha256:" + sha256 + " first, then make the release.");
        problem.setTitle("Artifact not uploaded");
        problem.setProperty("field", "artifact.sha256");
        problem.setProperty("artifact", "sha256:" + sha256);
        return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }

    /** 409: a release never changes what it has. */
    static ErrorResponseException imageConflict(String name, int number, PlatformImage existing,
            PlatformImage requested) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Release " + number + " of '"
                + name + "' has the " + existing.platform() + " image " + existing.image() + "@" + existing.digest()
                + "; a release does not change what it has, so it cannot become " + requested.image() + "@"
                + requested.digest() + ".");
        problem.setTitle("Release image conflict");
        problem.setProperty("field", "digest");
        problem.setProperty("application", name);
        problem.setProperty("release", number);
        problem.setProperty("platform", existing.platform());
        problem.setProperty("digest", existing.digest());
        return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }

    /** 404 for an artifact the caller may not read, or that is not (or no longer) there: the same answer. */
    static ErrorResponseException unknownArtifact(String sha256) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "None of your releases has "
                + "the artifact sha256:" + sha256 + ", or it was deleted as no recent release needs it.");
        problem.setTitle("Unknown artifact");
        problem.setProperty("artifact", "sha256:" + sha256);
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    static ErrorResponseException artifactTooLarge(long maxSize) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "An artifact may have at most " + maxSize + " bytes (deployment-service.artifacts.max-size).");
        problem.setTitle("Artifact too large");
        problem.setProperty("maxSize", maxSize);
        return new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE, problem, null);
    }

    static ErrorResponseException hashMismatch(String expected, String actual, long size) {
        ErrorResponseException ex = invalid("Artifact hash mismatch", "sha256", "The body (" + size + " bytes) has "
                + "the SHA-256 " + actual + ", not " + expected + ": nothing was stored.");
        ex.getBody().setProperty("expected", "sha256:" + expected);
        ex.getBody().setProperty("actual", "sha256:" + actual);
        return ex;
    }

    /** 503: concurrent creations kept taking the number first (it does not happen; if it does, retrying helps). */
    static ErrorResponseException busy(String name) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "Releases of '"
                + name + "' were being made at the same moment so often that this one got no number; try again.");
        problem.setTitle("Release not made");
        problem.setProperty("application", name);
        ErrorResponseException ex = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
        ex.getHeaders().set("Retry-After", "1");
        return ex;
    }

    private static Map<String, String> describe(InvalidField error) {
        Map<String, String> described = new LinkedHashMap<>();
        described.put("field", error.field());
        described.put("detail", error.detail());
        return described;
    }

}
