package io.iotdeploy.web.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.iotdeploy.policy.ContainerPolicy;
import io.iotdeploy.policy.ContainerSettings;
import io.iotdeploy.token.InternalTokens;
import io.iotdeploy.web.deploy.DeployResponse.ImageBuild;
import io.iotdeploy.web.deploy.FleetDeployResponse.StoredRelease;
import io.iotdeploy.web.security.GatewayUser;
import io.iotdeploy.web.system.ServiceCalls;
import io.iotdeploy.web.system.ServiceClients;
import io.iotdeploy.web.system.ServiceProblemException;
import io.iotdeploy.web.system.WebServiceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.RestClient;
import org.springframework.web.multipart.MultipartFile;

/**
 * An upload for a group or tags: one release, built once per platform the target has (the builders in parallel),
 * then one deployment that deployment-service's reconciler carries out on every device, pulling in parallel.
 *
 * <p>In order, so that what cannot be done is refused before anything is built: the policy; the target's devices
 * (machine-service: an unknown group 404, a malformed selector 400, tags selecting nothing 422); a builder for
 * every platform among them (422); the artifact's SHA-256, from one pass over the upload; the release of the same
 * artifact and settings, if there is one (then nothing is built that it has: "unchanged" is known before any
 * build); else the artifact is stored, each missing platform built, and the release made; then the deployment.
 */
@Service
class FleetDeployFlow {

    private static final Logger log = LoggerFactory.getLogger(FleetDeployFlow.class);

    private static final String MACHINE = "machine-service";

    private static final String DEPLOYMENT = "deployment-service";

    /** A device's states once it is where a deployment wants it, or cannot get there now. */
    private static final Set<String> SETTLED = Set.of("running", "stopped", "paused", "removed", "failed",
            "superseded", "rolled-back");

    /** A rollout in these is still to move devices. */
    private static final Set<String> ROLLING = Set.of("running", "waiting", "paused");

    private final ServiceClients clients;

    private final InternalTokens tokens;

    private final ContainerPolicy policy;

    private final Duration rolloutWait;

    /** The builds of one release run at once, one per platform. */
    private final ExecutorService builds = Executors.newCachedThreadPool((runnable) -> {
        Thread thread = new Thread(runnable, "fleet-build");
        thread.setDaemon(true);
        return thread;
    });

    FleetDeployFlow(ServiceClients clients, InternalTokens tokens, ContainerPolicy policy,
            WebServiceProperties properties) {
        this.clients = clients;
        this.tokens = tokens;
        this.policy = policy;
        this.rolloutWait = properties.timeouts().rollout();
    }

    /** What the flow did, and whether every device is where the deployment wants it (201) or not yet (202). */
    record Outcome(FleetDeployResponse response, String location) {
    }

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record Member(Object id, String name) {
    }

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record Group(String name, List<Member> devices) {
    }

    /** @param target {@code null}: a release only, for every platform that has a builder */
    Outcome deploy(GatewayUser user, FleetTarget target, DeploySettings settings, String note,
            Map<String, Object> options, boolean wait, MultipartFile file) {
        long started = System.nanoTime();
        this.policy.require(settings.container(), "upload", (target != null) ? target.toString() : null,
                Map.of("networkMode", "networkConfig"));
        String token = this.tokens.issue(user.name(), user.admin());
        String application = settings.containerName();

        List<Device> devices = (target != null) ? devices(token, target) : List.of();
        SortedSet<String> platforms = new TreeSet<>();
        for (Device device : devices) {
            if (device.platform() == null) {
                continue; // never seen online: it waits, pending, and gets a build when it is known
            }
            if (this.clients.containerization(device.platform()).isEmpty()) {
                throw problem(HttpStatus.UNPROCESSABLE_CONTENT, "No builder", "no builder for " + device.platform()
                        + " (the platform of " + device.label() + ", selected by " + target + ")", device.label(),
                        "build");
            }
            platforms.add(device.platform());
        }
        if (platforms.isEmpty()) {
            // an empty group (devices join later) or devices never seen online: a release for every platform built
            platforms.addAll(this.clients.platforms());
        }

        long hashing = System.nanoTime();
        Artifact artifact = artifact(file);
        long uploadMillis = millisSince(hashing);
        Map<String, Object> releaseSettings = releaseSettings(settings);

        StoredRelease existing = lookup(token, application, artifact, releaseSettings);
        List<String> missing = platforms.stream()
            .filter((platform) -> existing == null || !existing.has(platform))
            .toList();
        if (existing == null) {
            long storing = System.nanoTime();
            storeArtifact(token, artifact, file);
            uploadMillis += millisSince(storing);
        }
        long building = System.nanoTime();
        List<ImageBuild> built = build(token, settings, file, missing);
        long buildCall = millisSince(building);

        Recorded recorded = recordRelease(token, application, artifact, releaseSettings, existing, built, note,
                target);
        StoredRelease release = recorded.release();
        boolean created = recorded.created();

        if (target == null) {
            // a release only: a pipeline builds it now and deploys it later (POST .../deployments)
            return new Outcome(response(application, release, created, built, uploadMillis, buildCall, started, null,
                    true), "/api/applications/" + application + "/releases/" + release.number());
        }
        Map<String, Object> deploymentBody = new LinkedHashMap<>();
        deploymentBody.put("release", release.number());
        deploymentBody.put("target", target.json());
        deploymentBody.put("state", settings.start() ? "running" : "stopped");
        if (note != null) {
            deploymentBody.put("note", note);
        }
        deploymentBody.putAll(options);
        Map<String, Object> deployment = deploymentCall(target, "deploy", this.clients.deployment()
            .post()
            .uri("/applications/{name}/deployments", application)
            .headers((headers) -> headers.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON)
            .body(deploymentBody), new ParameterizedTypeReference<Map<String, Object>>() {
            });
        String location = "/api/applications/" + application + "/deployments" + "/" + deployment.get("id");
        if (wait) {
            deployment = awaitSettled(token, application, deployment, target);
        }
        boolean complete = complete(deployment);
        if (wait && rolledBack(deployment)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> outcome = (Map<String, Object>) deployment.get("rollout");
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, "The rollout of "
                    + application + " release " + release.number() + " to " + target + " failed and was rolled "
                    + "back: " + outcome.get("reason"));
            problem.setTitle("Rollout rolled back");
            problem.setProperty("step", "rollout");
            problem.setProperty("release", release.number());
            problem.setProperty("deployment", deployment);
            throw new ErrorResponseException(HttpStatus.BAD_GATEWAY, problem, null);
        }
        if (wait && !complete && allFailed(deployment)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, "The deployment of "
                    + application + " release " + release.number() + " failed on every device " + target
                    + " selects: " + failures(deployment));
            problem.setTitle("Deployment failed");
            problem.setProperty("step", "deploy");
            problem.setProperty("release", release.number());
            problem.setProperty("deployment", deployment);
            throw new ErrorResponseException(HttpStatus.BAD_GATEWAY, problem, null);
        }

        log.info("Release {} of {} ({} platforms built) deployed to {} for {} in {} ms", release.number(), application,
                built.size(), target, user.name(), millisSince(started));
        return new Outcome(response(application, release, created, built, uploadMillis, buildCall, started, deployment,
                complete), location);
    }

    /** A release as {@link #recordRelease} left it: made by this upload, or the existing one of its identity. */
    record Recorded(StoredRelease release, boolean created) {
    }

    /**
     * Makes the upload's release from its builds, or, when the upload is an existing release ({@code existing}),
     * adds to it the images of the platforms it lacked.
     */
    Recorded recordRelease(String token, String application, Artifact artifact, Map<String, Object> releaseSettings,
            StoredRelease existing, List<ImageBuild> built, String note, FleetTarget target) {
        if (existing == null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("artifact", Map.of("sha256", artifact.sha256(), "size", artifact.size(), "kind", artifact.kind()));
            body.put("settings", releaseSettings);
            body.put("image", built.get(0).image());
            body.put("images", built.stream()
                .map((image) -> Map.of("platform", image.platform(), "image", image.platformImage(), "digest",
                        image.digest()))
                .toList());
            if (note != null) {
                body.put("note", note);
            }
            return new Recorded(deploymentCall(target, "release", this.clients.deployment()
                .post()
                .uri("/applications/{name}/releases", application)
                .headers((headers) -> headers.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body), StoredRelease.class), true);
        }
        for (ImageBuild image : built) {
            if (existing.has(image.platform())) {
                continue;
            }
            deploymentCall(target, "release", this.clients.deployment()
                .put()
                .uri("/applications/{name}/releases/{number}/images/" + image.platform(), application,
                        existing.number())
                .headers((headers) -> headers.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("image", image.platformImage(), "digest", image.digest())), StoredRelease.class);
        }
        return new Recorded(existing, false);
    }

    /**
     * The thesis' deploy to one device ({@code ip}), as a release and a deployment to that device: the release of
     * the upload (made, or the existing one of its identity), before the container is made so that the container
     * carries its number. A release that cannot be kept fails the upload (step {@code artifact} or {@code release})
     * before the device is touched.
     */
    Recorded releaseForDevice(String token, DeploySettings settings, MultipartFile file, ImageBuild built,
            Device device) {
        String application = settings.containerName();
        Artifact artifact = artifact(file);
        Map<String, Object> releaseSettings = releaseSettings(settings);
        StoredRelease existing = lookup(token, application, artifact, releaseSettings);
        if (existing == null) {
            storeArtifact(token, artifact, file);
        }
        return recordRelease(token, application, artifact, releaseSettings, existing, List.of(built), null,
                FleetTarget.device(device.id()));
    }

    /**
     * The desired state of a device deployed to with {@code ip}: its release, running or stopped as asked, so that
     * the reconciler keeps it (and a roll back or a redeploy has something to start from). The container is there
     * already, with the release's number: the reconciler finds it as wanted and leaves it.
     */
    Map<String, Object> deploymentForDevice(String token, String application, StoredRelease release, Device device,
            boolean start) {
        FleetTarget target = FleetTarget.device(device.id());
        return deploymentCall(target, "deploy", this.clients.deployment()
            .post()
            .uri("/applications/{name}/deployments", application)
            .headers((headers) -> headers.setBearerAuth(token))
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("release", release.number(), "target", target.json(), "state",
                    start ? "running" : "stopped")), new ParameterizedTypeReference<Map<String, Object>>() {
                    });
    }

    private static FleetDeployResponse response(String application, StoredRelease release, boolean created,
            List<ImageBuild> built, long uploadMillis, long buildCall, long started, Map<String, Object> deployment,
            boolean complete) {
        long buildMillis = built.stream().mapToLong((image) -> orZero(image.buildMillis())).max().orElse(0);
        long pushMillis = built.stream().mapToLong((image) -> orZero(image.pushMillis())).max().orElse(0);
        String image = (release.image() != null) ? release.image() : built.isEmpty() ? null : built.get(0).image();
        return new FleetDeployResponse(image, built.stream().anyMatch((b) -> Boolean.TRUE.equals(b.built())),
                built.stream().anyMatch((b) -> Boolean.TRUE.equals(b.pushed())),
                built.stream().mapToInt((b) -> (b.layersPushed() != null) ? b.layersPushed() : 0).sum(),
                new DeployResponse.Steps(uploadMillis + Math.max(0, buildCall - buildMillis - pushMillis),
                        buildMillis, pushMillis, null, null, null),
                millisSince(started), new FleetDeployResponse.Release(application, release.number(), created), built,
                deployment, complete);
    }

    /** The devices the target selects now: an unknown group is machine-service's 404, tags selecting none 422. */
    private List<Device> devices(String token, FleetTarget target) {
        try {
            if (target.isGroup()) {
                Group group = ServiceCalls.call(MACHINE, this.clients.machine()
                    .get()
                    .uri("/groups/{name}", target.value())
                    .headers((headers) -> headers.setBearerAuth(token)), Group.class);
                Set<String> members = group.devices().stream().map((member) -> String.valueOf(member.id()))
                    .collect(Collectors.toSet());
                List<Device> all = ServiceCalls.call(MACHINE, this.clients.machine()
                    .get()
                    .uri("/devices")
                    .headers((headers) -> headers.setBearerAuth(token)), new ParameterizedTypeReference<List<Device>>() {
                    });
                return all.stream().filter((device) -> members.contains(String.valueOf(device.id()))).toList();
            }
            List<Device> selected = ServiceCalls.call(MACHINE, this.clients.machine()
                .get()
                .uri((uri) -> uri.path("/devices").queryParam("selector", "{selector}").build(target.value()))
                .headers((headers) -> headers.setBearerAuth(token)), new ParameterizedTypeReference<List<Device>>() {
                });
            if (selected.isEmpty()) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                        "tags '" + target.value() + "' select none of your devices. Tag devices first, or make a "
                                + "group of it: a group's deployment reaches its devices whenever they join.");
                problem.setTitle("Tags select no device");
                problem.setProperty("field", "tags");
                problem.setProperty("selector", target.value());
                problem.setProperty("step", "target");
                throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
            }
            return selected;
        }
        catch (ServiceProblemException ex) {
            ex.getBody().setProperty("field", target.field());
            throw ex.during("target", null);
        }
    }

    /** The upload's SHA-256, size and kind (a war has {@code WEB-INF/}), in one pass over it. */
    record Artifact(String sha256, long size, String kind) {
    }

    private static Artifact artifact(MultipartFile file) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java runtime has SHA-256", ex);
        }
        boolean war = false;
        try (InputStream in = new DigestInputStream(file.getInputStream(), sha256)) {
            try {
                ZipInputStream zip = new ZipInputStream(in);
                for (ZipEntry entry = zip.getNextEntry(); entry != null && !war; entry = zip.getNextEntry()) {
                    war = entry.getName().startsWith("WEB-INF/");
                }
            }
            catch (IOException | IllegalArgumentException notAZip) {
                // the builder judges the upload and names what is wrong with it: here it is only hashed
            }
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        catch (IOException ex) {
            throw problem(HttpStatus.BAD_REQUEST, "Upload unreadable", "the upload could not be read: "
                    + ex.getMessage(), null, "upload");
        }
        return new Artifact(HexFormat.of().formatHex(sha256.digest()), file.getSize(), war ? "war" : "jar");
    }

    /** The settings as a release has them (deployment-service normalizes them and hashes the canonical form). */
    private static Map<String, Object> releaseSettings(DeploySettings settings) {
        ContainerSettings container = settings.container();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("baseImage", settings.baseImage());
        if (settings.runCommands() != null) {
            json.put("runCommands", List.of(settings.runCommands().split("\\r?\\n")));
        }
        json.put("env", settings.env());
        json.put("ports", settings.ports());
        json.put("networkMode", container.networkMode());
        json.put("privileged", container.privileged());
        json.put("capAdd", container.capAdd());
        json.put("devices", container.devices().stream().map(Object::toString).toList());
        json.put("binds", container.binds().stream().map(Object::toString).toList());
        json.put("hostPid", container.hostPid());
        json.put("hostIpc", container.hostIpc());
        json.putAll(settings.health().fields());
        return json;
    }

    /** The release of this artifact with these settings, or null when the upload is new. */
    private StoredRelease lookup(String token, String application, Artifact artifact, Map<String, Object> settings) {
        try {
            return ServiceCalls.call(DEPLOYMENT, this.clients.deployment()
                .post()
                .uri("/applications/{name}/releases/lookup", application)
                .headers((headers) -> headers.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("artifact", Map.of("sha256", artifact.sha256()), "settings", settings)),
                    StoredRelease.class);
        }
        catch (ServiceProblemException ex) {
            if (ex.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                return null; // no such application yet, or no release of this artifact with these settings
            }
            throw ex.namingFieldsWithout("settings.").during("release", null);
        }
    }

    private void storeArtifact(String token, Artifact artifact, MultipartFile file) {
        try {
            InputStreamResource body = new InputStreamResource(file.getInputStream()) {
                @Override
                public long contentLength() {
                    return artifact.size();
                }
            };
            ServiceCalls.call(DEPLOYMENT, this.clients.deployment()
                .put()
                .uri("/artifacts/sha256:" + artifact.sha256())
                .headers((headers) -> headers.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(artifact.size())
                .body(body), new ParameterizedTypeReference<Map<String, Object>>() {
                });
        }
        catch (IOException ex) {
            throw problem(HttpStatus.BAD_REQUEST, "Upload unreadable", "the upload could not be read: "
                    + ex.getMessage(), null, "upload");
        }
        catch (ServiceProblemException ex) {
            throw ex.during("artifact", null);
        }
    }

    /** One build per platform, all at once; the first failure is the answer (naming its platform). */
    private List<ImageBuild> build(String token, DeploySettings settings, MultipartFile file, List<String> platforms) {
        List<CompletableFuture<ImageBuild>> running = new ArrayList<>();
        for (String platform : platforms) {
            RestClient builder = this.clients.containerization(platform).orElseThrow();
            running.add(CompletableFuture.supplyAsync(() -> buildOne(builder, token, settings, file, platform),
                    this.builds));
        }
        List<ImageBuild> built = new ArrayList<>();
        for (CompletableFuture<ImageBuild> build : running) {
            try {
                built.add(build.join());
            }
            catch (CompletionException ex) {
                running.forEach((other) -> other.cancel(true));
                if (ex.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw ex;
            }
        }
        return built;
    }

    private static ImageBuild buildOne(RestClient builder, String token, DeploySettings settings, MultipartFile file,
            String platform) {
        try {
            return DeployFlow.buildOn(builder, token, settings, file, platform);
        }
        catch (ServiceProblemException ex) {
            ex.getBody().setProperty("platform", platform);
            throw ex.during("build", null);
        }
    }

    private static <T> T deploymentCall(FleetTarget target, String step, RestClient.RequestHeadersSpec<?> request,
            Class<T> answer) {
        return deploymentCall(target, step, request, ParameterizedTypeReference.forType(answer));
    }

    private static <T> T deploymentCall(FleetTarget target, String step, RestClient.RequestHeadersSpec<?> request,
            ParameterizedTypeReference<T> answer) {
        try {
            return ServiceCalls.call(DEPLOYMENT, request, answer);
        }
        catch (ServiceProblemException ex) {
            throw ex.during(step, null);
        }
    }

    /**
     * Polls the deployment until every device is settled or offline (pending at step {@code device}: it gets the
     * release when it is back), or the rollout wait is over.
     */
    private Map<String, Object> awaitSettled(String token, String application, Map<String, Object> deployment,
            FleetTarget target) {
        long deadline = System.nanoTime() + this.rolloutWait.toNanos();
        Map<String, Object> current = deployment;
        long pause = 50;
        while (!settled(current) && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(pause);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
            // short: the answer should come within a fraction of a second of the last device (a local call)
            pause = Math.min(200, pause * 2);
            current = deploymentCall(target, "deploy", this.clients.deployment()
                .get()
                .uri("/applications/{name}/deployments/{id}", application, String.valueOf(deployment.get("id")))
                .headers((headers) -> headers.setBearerAuth(token)), new ParameterizedTypeReference<Map<String, Object>>() {
                });
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> devicesOf(Map<String, Object> deployment) {
        Object devices = deployment.get("devices");
        return (devices instanceof List<?> list) ? (List<Map<String, Object>>) list : List.of();
    }

    /**
     * A rollout is over (finished, its last phase soaked; or rolled back, or aborted), and every device is where it
     * ends up, or offline; the devices a rollout that is over never reached stay as they are.
     */
    private static boolean settled(Map<String, Object> deployment) {
        Object rollout = deployment.get("rollout");
        boolean rolling = rollout instanceof Map<?, ?> map && ROLLING.contains(map.get("status"));
        if (rolling) {
            return false;
        }
        return devicesOf(deployment).stream()
            .allMatch((device) -> SETTLED.contains(device.get("state"))
                    || ("pending".equals(device.get("state")) && "device".equals(device.get("step")))
                    || (!rolling && "pending".equals(device.get("state")) && "rollout".equals(device.get("step"))));
    }

    private static boolean rolledBack(Map<String, Object> deployment) {
        return deployment.get("rollout") instanceof Map<?, ?> rollout && "rolled-back".equals(rollout.get("status"));
    }

    /** Every device is where the deployment wants it. */
    private static boolean complete(Map<String, Object> deployment) {
        String wanted = (String) deployment.get("state");
        return devicesOf(deployment).stream()
            .allMatch((device) -> wanted.equals(device.get("state")) || "superseded".equals(device.get("state")));
    }

    private static boolean allFailed(Map<String, Object> deployment) {
        List<Map<String, Object>> devices = devicesOf(deployment);
        return !devices.isEmpty() && devices.stream().allMatch((device) -> "failed".equals(device.get("state")));
    }

    private static String failures(Map<String, Object> deployment) {
        return devicesOf(deployment).stream()
            .map((device) -> device.get("device") + " at " + device.get("step") + ": " + device.get("message"))
            .collect(Collectors.joining("; "));
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail, String device,
            String step) {
        return DeployFlow.problem(status, title, detail, device, step);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static long orZero(Long millis) {
        return (millis != null) ? millis : 0;
    }

}
