package io.iotdeploy.web.deploy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.iotdeploy.policy.ContainerPolicy;
import io.iotdeploy.policy.ContainerSettings;
import io.iotdeploy.token.InternalTokens;
import io.iotdeploy.web.deploy.DeployResponse.Deployment;
import io.iotdeploy.web.deploy.DeployResponse.DeviceSummary;
import io.iotdeploy.web.deploy.DeployResponse.ImageBuild;
import io.iotdeploy.web.deploy.DeployResponse.Steps;
import io.iotdeploy.web.security.GatewayUser;
import io.iotdeploy.web.system.ServiceCalls;
import io.iotdeploy.web.system.ServiceClients;
import io.iotdeploy.web.system.ServiceProblemException;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.client.RestClient;
import org.springframework.web.multipart.MultipartFile;

/**
 * The deploy flow (thesis Figure 4.4): machine-service finds the device and its platform, that platform's
 * containerization-service builds and pushes the image, deployment-service has the device pull and run it.
 * Every call carries the user's internal token, so each service checks ownership itself. Everything that can
 * be checked before the upload goes to a builder is checked first; a failing step is named in the problem.
 */
@Service
class DeployFlow {

    private static final Logger log = LoggerFactory.getLogger(DeployFlow.class);

    private static final String MACHINE = "machine-service";

    private static final String CONTAINERIZATION = "containerization-service";

    private static final String DEPLOYMENT = "deployment-service";

    /** The file name the upload is passed on under, whatever the client called it. */
    static final String UPLOAD_NAME = "upload";

    private final ServiceClients clients;

    private final InternalTokens tokens;

    private final ContainerPolicy policy;

    private final FleetDeployFlow fleet;

    DeployFlow(ServiceClients clients, InternalTokens tokens, ContainerPolicy policy, FleetDeployFlow fleet) {
        this.fleet = fleet;
        this.clients = clients;
        this.tokens = tokens;
        this.policy = policy;
    }

    /** Deploys to the user's device with this address (the thesis' {@code ip} field). */
    DeployResponse deployToAddress(GatewayUser user, String address, DeploySettings settings, MultipartFile file) {
        long started = System.nanoTime();
        admit(settings, address);
        String token = token(user);
        List<Device> devices = machineCall(address, this.clients.machine()
            .get()
            .uri((uri) -> uri.path("/devices").queryParam("address", address).build())
            .headers((headers) -> headers.setBearerAuth(token)), new ParameterizedTypeReference<List<Device>>() {
            });
        List<Device> matching = (devices != null)
                ? devices.stream().filter((device) -> address.equals(device.address())).toList() : List.of();
        if (matching.isEmpty()) {
            throw problem(HttpStatus.NOT_FOUND, "Device not found",
                    "no device with address " + address + " is registered for you", address, "device");
        }
        if (matching.size() > 1) {
            throw problem(HttpStatus.CONFLICT, "Ambiguous device", "several of your devices have the address "
                    + address + " (on different ports): deploy with POST /api/devices/{id}/deployments", address,
                    "device");
        }
        return deploy(token, user, matching.get(0), settings, file, started);
    }

    /** Deploys to the user's device with this id. */
    DeployResponse deployToDevice(GatewayUser user, String id, DeploySettings settings, MultipartFile file) {
        long started = System.nanoTime();
        admit(settings, id);
        String token = token(user);
        Device device = machineCall(id, this.clients.machine()
            .get()
            .uri("/devices/{id}", id)
            .headers((headers) -> headers.setBearerAuth(token)), new ParameterizedTypeReference<Device>() {
            });
        return deploy(token, user, device, settings, file, started);
    }

    /**
     * The administrator's container policy, first of all: a refused setting (403) has no service asked, nothing
     * built, pushed or pulled. deployment-service checks the same policy again for whoever calls it.
     */
    private void admit(DeploySettings settings, String device) {
        this.policy.require(settings.container(), "upload", device, Map.of("networkMode", "networkConfig"));
    }

    private DeployResponse deploy(String token, GatewayUser user, Device found, DeploySettings settings,
            MultipartFile file, long started) {
        Device device = online(token, found);
        RestClient builder = this.clients.containerization(device.platform())
            .orElseThrow(() -> problem(HttpStatus.UNPROCESSABLE_CONTENT, "No builder",
                    "no builder for " + ((device.platform() != null) ? device.platform() : "an unknown platform")
                            + " (the platform of " + device.label() + ")",
                    device.label(), "build"));

        long buildStarted = System.nanoTime();
        ImageBuild image = build(builder, token, device, settings, file);
        long buildCall = millisSince(buildStarted);

        // a release underneath, as for a group: the container carries its number, the device's desired state is it
        FleetDeployFlow.Recorded release = this.fleet.releaseForDevice(token, settings, file, image, device);
        Deployment deployment = deployImage(token, device, image.image(), settings, release.release().number());
        Map<String, Object> desired = desiredState(token, settings, release, device);

        long uploadMillis = Math.max(0, buildCall - orZero(image.buildMillis()) - orZero(image.pushMillis()));
        long totalMillis = millisSince(started);
        log.info("Deployed {} as {} to {} for {} in {} ms", image.image(), settings.containerName(), device.label(),
                user.name(), totalMillis);
        return new DeployResponse(DeviceSummary.of(device), image.image(), deployment.container(), image.built(),
                image.pushed(), image.layersPushed(), Boolean.TRUE.equals(deployment.kept()),
                new Steps(uploadMillis, image.buildMillis(), image.pushMillis(), deployment.pullMillis(),
                        deployment.createMillis(), deployment.startMillis()),
                totalMillis, new FleetDeployResponse.Release(settings.containerName(), release.release().number(),
                        release.created()),
                desired);
    }

    /**
     * The device's desired state: this release, so that the reconciler keeps the container (it finds it as
     * wanted: nothing is made again). The container runs already; when the deployment cannot be stored, the answer
     * says so ({@code null}) and the device is as a deploy before releases left it, unmanaged.
     */
    private Map<String, Object> desiredState(String token, DeploySettings settings, FleetDeployFlow.Recorded release,
            Device device) {
        try {
            return this.fleet.deploymentForDevice(token, settings.containerName(), release.release(), device,
                    settings.start());
        }
        catch (RuntimeException ex) {
            log.warn("{} runs release {} of {}, but its deployment was not stored: {}", device.label(),
                    release.release().number(), settings.containerName(), ex.getMessage());
            return null;
        }
    }

    /** The device, pinged once if machine-service last saw it offline; a 502 problem if it still is. */
    private Device online(String token, Device device) {
        if (device.online()) {
            return device;
        }
        Device pinged = machineCall(device.label(), this.clients.machine()
            .post()
            .uri("/devices/{id}/ping", String.valueOf(device.id()))
            .headers((headers) -> headers.setBearerAuth(token)), new ParameterizedTypeReference<Device>() {
            });
        if (pinged == null || !pinged.online()) {
            throw problem(HttpStatus.BAD_GATEWAY, "Device offline", "device " + device.label() + " ("
                    + device.address() + ") is offline: its Docker Engine does not answer", device.label(), "device");
        }
        return pinged;
    }

    private ImageBuild build(RestClient builder, String token, Device device, DeploySettings settings,
            MultipartFile file) {
        try {
            return buildOn(builder, token, settings, file, device.platform());
        }
        catch (ServiceProblemException ex) {
            throw ex.during("build", device.label());
        }
    }

    /** Has a builder build (or find) the image of the upload for one platform. */
    static ImageBuild buildOn(RestClient builder, String token, DeploySettings settings, MultipartFile file,
            String platform) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        // The servlet container has the upload on disk; its resource streams it to the builder from there. The
        // client's file name stays here: the builder gets a fixed one (and judges the upload by its content).
        HttpHeaders fileHeaders = new HttpHeaders();
        fileHeaders.setContentDispositionFormData("file", UPLOAD_NAME);
        parts.add("file", new HttpEntity<>(file.getResource(), fileHeaders));
        parts.add("name", settings.containerName());
        parts.add("baseImage", settings.baseImage());
        if (settings.runCommands() != null) {
            parts.add("runCommands", settings.runCommands());
        }
        parts.add("platform", platform);
        return ServiceCalls.call(CONTAINERIZATION, builder.post()
            .uri("/images")
            .headers((headers) -> headers.setBearerAuth(token))
            .contentType(MediaType.MULTIPART_FORM_DATA)
            .body(parts), ImageBuild.class);
    }

    private Deployment deployImage(String token, Device device, String image, DeploySettings settings, int release) {
        ContainerSettings container = settings.container();
        DeploymentRequest request = new DeploymentRequest(image, settings.containerName(), container.networkMode(),
                settings.ports(), settings.env(), settings.start(), settings.replace(), container.privileged(),
                container.capAdd(), container.devices().stream().map(Object::toString).toList(),
                container.binds().stream().map(Object::toString).toList(), container.hostPid(), container.hostIpc(),
                release, settings.health().fields());
        try {
            return ServiceCalls.call(DEPLOYMENT, this.clients.deployment()
                .post()
                .uri("/devices/{id}/deployments", String.valueOf(device.id()))
                .headers((headers) -> headers.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .body(request), Deployment.class);
        }
        catch (ServiceProblemException ex) {
            throw ex.during("deploy", device.label());
        }
    }

    private static <T> T machineCall(String device, RestClient.RequestHeadersSpec<?> request,
            ParameterizedTypeReference<T> answer) {
        try {
            return ServiceCalls.call(MACHINE, request, answer);
        }
        catch (ServiceProblemException ex) {
            throw ex.during("device", device);
        }
    }

    private String token(GatewayUser user) {
        return this.tokens.issue(user.name(), user.admin());
    }

    /** A problem of the deploy flow, naming the device (where there is one) and the step. */
    static ErrorResponseException problem(HttpStatus status, String title, String detail, String device,
            String step) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (device != null) {
            problem.setProperty("device", device);
        }
        problem.setProperty("step", step);
        return new ErrorResponseException(status, problem, null);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static long orZero(Long millis) {
        return (millis != null) ? millis : 0;
    }

    /**
     * deployment-service's deploy request.
     *
     * @param health the health check's fields ({@code healthCheck}, {@code healthInterval}, …), sent ones only
     */
    record DeploymentRequest(String image, String containerName, String networkMode, List<String> ports,
            List<String> env, boolean start, boolean replace, boolean privileged, List<String> capAdd,
            List<String> devices, List<String> binds, boolean hostPid, boolean hostIpc, int release,
            @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> health) {

        @com.fasterxml.jackson.annotation.JsonAnyGetter
        Map<String, Object> healthFields() {
            return this.health;
        }

    }

}
