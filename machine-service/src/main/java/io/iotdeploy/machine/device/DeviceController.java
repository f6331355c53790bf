package io.iotdeploy.machine.device;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.iotdeploy.token.CurrentUser;
import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's devices; the caller is the user the gateway vouched for in the internal token. */
@Tag(name = "Devices", description = "The user's devices: their Docker Engines, state, last seen and tags")
@RestController
@RequestMapping("/devices")
class DeviceController {

    static final MediaType APPLICATION_GZIP = MediaType.parseMediaType("application/gzip");

    private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final DeviceService devices;

    DeviceController(DeviceService devices) {
        this.devices = devices;
    }

    /**
     * @param address  only the devices at this address (the gateway's {@code /upload} names the device by it)
     * @param refresh  ping the devices first instead of answering with the stored states
     * @param selector only the devices whose tags it selects ({@link TagSelector}: {@code site=basement,!retired});
     *                 none is an empty list, not an error
     */
    @Operation(operationId = "listDevices", summary = "The user's devices (by address, or by a tag selector)")
    @ApiResponse(responseCode = "200", description = "the devices, with their states as last seen (or pinged now)")
    @ApiResponse(responseCode = "400", description = "a malformed selector",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping
    List<Device> list(CurrentUser user,
            @Parameter(description = "only the devices at this address") @RequestParam(required = false) String address,
            @Parameter(description = "ping every device first instead of answering with the stored states")
            @RequestParam(defaultValue = "false") boolean refresh,
            @Parameter(description = "only the devices whose tags it selects, site=basement,!retired; none selected "
                    + "is an empty list") @RequestParam(required = false) String selector) {
        return this.devices.list(user.name(), address, refresh, selector);
    }

    @Operation(operationId = "registerDevice", summary = "Register a device by its Docker Engine's address and port",
            description = "The engine is asked for its facts; one that does not answer is registered offline.")
    @ApiResponse(responseCode = "201", description = "the device",
            content = @Content(schema = @Schema(implementation = Device.class)))
    @ApiResponse(responseCode = "400", description = "a malformed name, address, port or tag (field says which)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "the user has a device at this address and port (id)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "the platform does not reach devices at this address (rule)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping
    ResponseEntity<Device> register(CurrentUser user, @Valid @RequestBody DeviceRequest request) {
        Device device = this.devices.register(user.name(), request);
        return ResponseEntity.created(URI.create("/devices/" + device.id())).body(device);
    }

    @Operation(operationId = "getDevice", summary = "One device")
    @ApiResponse(responseCode = "200", description = "the device, with its state as last seen")
    @ApiResponse(responseCode = "404", description = "the user has no such device",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/{id}")
    Device get(CurrentUser user, @PathVariable long id) {
        return this.devices.get(user.name(), id);
    }

    /** Changes the name, the port or the insecure flag ({@link DeviceChange}); answers the device, pinged anew. */
    @Operation(operationId = "changeDevice", summary = "Change a device's name, port or insecure flag")
    @ApiResponse(responseCode = "200", description = "the device, pinged the new way")
    @ApiResponse(responseCode = "400", description = "a malformed name or port (field says which)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "the user has no such device",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "the user has another device at this address and port",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "the platform does not reach devices at the new port (rule)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PatchMapping("/{id}")
    Device change(CurrentUser user, @PathVariable long id, @Valid @RequestBody DeviceChange change) {
        return this.devices.change(user.name(), id, change);
    }

    /**
     * Replaces the device's tags with these ({@code {"site":"basement","floor":"2"}}; {@code {}} removes them all)
     * and answers the device; a malformed tag changes nothing.
     */
    @Operation(operationId = "replaceDeviceTags", summary = "Replace a device's tags (key=value)",
            description = "The body is every tag, {\"site\":\"basement\",\"floor\":\"2\"}; {} removes them all.")
    @ApiResponse(responseCode = "200", description = "the device with its new tags")
    @ApiResponse(responseCode = "400", description = "a malformed tag; nothing was changed",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "the user has no such device",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PutMapping("/{id}/tags")
    Device replaceTags(CurrentUser user, @PathVariable long id, @RequestBody Map<String, String> tags) {
        return this.devices.replaceTags(user.name(), id, tags);
    }

    /**
     * A new server certificate and key for the device's address, with the platform's CA, the dockerd settings and
     * install.sh, as a {@code .tar.gz} to run on the device. Every download is a new key: nothing is cached.
     */
    @Operation(operationId = "getDeviceTlsBundle",
            summary = "The device's TLS bundle (certificates and install.sh), as a tar.gz",
            description = "Every download is a new server certificate and key; run install.sh on the device.")
    @ApiResponse(responseCode = "200", description = "the bundle",
            content = @Content(mediaType = "application/gzip", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "404", description = "the user has no such device",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "the platform's certificate authority is not set up",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping("/{id}/tls-bundle")
    ResponseEntity<byte[]> tlsBundle(CurrentUser user, @PathVariable long id) {
        TlsBundle bundle = this.devices.tlsBundle(user.name(), id);
        return ResponseEntity.ok()
            .contentType(APPLICATION_GZIP)
            .header(HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment().filename(bundle.fileName()).build().toString())
            .cacheControl(CacheControl.noStore())
            .body(bundle.content());
    }

    @Operation(operationId = "deleteDevice", summary = "Remove a device from the platform (its containers stay)")
    @ApiResponse(responseCode = "204", description = "removed")
    @ApiResponse(responseCode = "404", description = "the user has no such device",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(CurrentUser user, @PathVariable long id) {
        this.devices.delete(user.name(), id);
    }

    @Operation(operationId = "pingDevice", summary = "Ping the device now; answers it with its fresh state")
    @ApiResponse(responseCode = "200", description = "the device; offline when its engine did not answer")
    @ApiResponse(responseCode = "403", description = "the platform does not contact the device's address now (rule)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "the user has no such device",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping("/{id}/ping")
    Device ping(CurrentUser user, @PathVariable long id) {
        return this.devices.ping(user.name(), id);
    }

}
