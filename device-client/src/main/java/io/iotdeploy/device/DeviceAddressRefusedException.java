package io.iotdeploy.device;

/**
 * The platform refused to contact a registered device during {@code step}: its address now is, or resolves to, an
 * address the {@link DeviceAddressRules} refuse. A {@link DeviceUnreachableException}, so that every service that
 * handles an unreachable device (cleanup after a failed deploy included) handles this one too; its problem detail
 * says which rule refused which address ({@link DeviceProblems#unreachable}).
 */
public class DeviceAddressRefusedException extends DeviceUnreachableException {

    public DeviceAddressRefusedException(Device device, String step, AddressRefusedException cause) {
        super(device, step, cause);
    }

    @Override
    public synchronized AddressRefusedException getCause() {
        return (AddressRefusedException) super.getCause();
    }

}
