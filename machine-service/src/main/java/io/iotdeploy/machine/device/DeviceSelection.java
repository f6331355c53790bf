package io.iotdeploy.machine.device;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Which of an owner's devices a group holds, as groups ({@code io.iotdeploy.machine.group}) resolve them: by tag
 * selector or by id. Always from the stored devices and tags, so a device that is tagged or registered later is
 * in the answer from then on.
 */
@Component
public class DeviceSelection {

    private final DeviceRepository repository;

    DeviceSelection(DeviceRepository repository) {
        this.repository = repository;
    }

    /** The owner's devices that the selector selects, in id order. */
    public List<Member> matching(String owner, TagSelector selector) {
        return this.repository.findAll(owner).stream()
            .filter((device) -> selector.matches(device.tags()))
            .map(Member::of)
            .toList();
    }

    /** The owner's devices of these ids, in id order; an id that is not one of the owner's devices is left out. */
    public List<Member> withIds(String owner, Collection<Long> ids) {
        Set<Long> wanted = Set.copyOf(ids);
        return this.repository.findAll(owner).stream()
            .filter((device) -> wanted.contains(device.id()))
            .map(Member::of)
            .toList();
    }

    /** A device as a group lists it. */
    public record Member(long id, String name) {

        static Member of(Device device) {
            return new Member(device.id(), device.name());
        }

    }

}
