package io.iotdeploy.machine.device;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.iotdeploy.token.CurrentUser;
import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
    @GetMapping
    List<Device> list(CurrentUser user, @RequestParam(required = false) String address,
            @RequestParam(defaultValue = "false") boolean refresh, @RequestParam(required = false) String selector) {
        return this.devices.list(user.name(), address, refresh, selector);
    }

    @Operation(operationId = "registerDevice", summary = "Register a device by its Docker Engine's address and port")
    @PostMapping
    ResponseEntity<Device> register(CurrentUser user, @Valid @RequestBody DeviceRequest request) {
        Device device = this.devices.register(user.name(), request);
        return ResponseEntity.created(URI.create("/devices/" + device.id())).body(device);
    }

    @Operation(operationId = "getDevice", summary = "One device")
    @GetMapping("/{id}")
    Device get(CurrentUser user, @PathVariable long id) {
        return this.devices.get(user.name(), id);
    }

    /** Changes the name, the port or the insecure flag ({@link DeviceChange}); answers the device, pinged anew. */
    @Operation(operationId = "changeDevice", summary = "Change a device's name, port or insecure flag")
    @PatchMapping("/{id}")
    Device change(CurrentUser user, @PathVariable long id, @Valid @RequestBody DeviceChange change) {
        return this.devices.change(user.name(), id, change);
    }

    /**
     * Replaces the device's tags with these ({@code {"site":"basement","floor":"2"}}; {@code {}} removes them all)
     * and answers the device; a malformed tag changes nothing.
     */
    @Operation(operationId = "replaceDeviceTags", summary = "Replace a device's tags (key=value)")
    @PutMapping("/{id}/tags")
    Device replaceTags(CurrentUser user, @PathVariable long id, @RequestBody Map<String, String> tags) {
        return this.devices.replaceTags(user.name(), id, tags);
    }

    /**
     * A new server certificate and key for the device's address, with the platform's CA, the dockerd settings and
     * install.sh, as a {@code .tar.gz} to run on the device. Every download is a new key: nothing is cached.
     */
    @Operation(operationId = "getDeviceTlsBundle",
            summary = "The device's TLS bundle (certificates and install.sh), as a tar.gz")
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
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(CurrentUser user, @PathVariable long id) {
        this.devices.delete(user.name(), id);
    }

    @Operation(operationId = "pingDevice", summary = "Ping the device now; answers it with its fresh state")
    @PostMapping("/{id}/ping")
    Device ping(CurrentUser user, @PathVariable long id) {
        return this.devices.ping(user.name(), id);
    }

}
