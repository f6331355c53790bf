package io.iotdeploy.device;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;

/**
 * Finds a device through machine-service, with the caller's internal token: machine-service owns the devices
 * and answers 404 for a device that is not the caller's.
 */
public class DeviceDirectory {

    private final RestClient machineService;

    public DeviceDirectory(RestClient machineService) {
        this.machineService = machineService;
    }

    public Device find(long deviceId) {
        return this.machineService.get()
            .uri("/devices/{id}", deviceId)
            .retrieve()
            .onStatus((status) -> status.value() == HttpStatus.NOT_FOUND.value(), (request, response) -> {
                throw new DeviceNotFoundException(deviceId);
            })
            .body(Device.class);
    }

}
