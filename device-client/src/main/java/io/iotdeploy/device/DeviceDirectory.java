package io.iotdeploy.device;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Finds a device through machine-service, with the caller's internal token: machine-service owns the devices
 * and answers 404 for a device that is not the caller's.
 */
public class DeviceDirectory {

    private final RestClient machineService;

    public DeviceDirectory(RestClient machineService) {
        this.machineService = machineService;
    }

    /**
     * @throws DeviceNotFoundException not the caller's device, or no such device
     * @throws DeviceLookupException   machine-service did not answer, or answered with another error
     */
    public Device find(long deviceId) {
        try {
            return this.machineService.get()
                .uri("/devices/{id}", deviceId)
                .retrieve()
                .onStatus((status) -> status.value() == HttpStatus.NOT_FOUND.value(), (request, response) -> {
                    throw new DeviceNotFoundException(deviceId);
                })
                .body(Device.class);
        }
        catch (RestClientException ex) {
            throw new DeviceLookupException(deviceId, ex);
        }
    }

}
