package io.iotdeploy.machine.group;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.iotdeploy.device.ContainerNames;
import io.iotdeploy.machine.device.DeviceSelection;
import io.iotdeploy.machine.device.TagSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * The caller's groups: a group is a stored tag selector or an explicit list of the caller's devices, resolved
 * whenever it is read, so that a device tagged or registered later is in it from then on (and a stored group may
 * hold no device yet). A group's name follows the container name rule ({@link ContainerNames}): it is typed where a
 * container name is (the deploy form's target), goes into URL paths as it is and may become part of a label.
 */
@Service
class GroupService {

    /** An explicit list is for a handful of devices; a fleet is selected by its tags. */
    static final int MAX_DEVICES = 1000;

    private static final Logger logger = LoggerFactory.getLogger(GroupService.class);

    private static final int QUOTED_LENGTH = 70;

    private final GroupRepository repository;

    private final DeviceSelection devices;

    GroupService(GroupRepository repository, DeviceSelection devices) {
        this.repository = repository;
        this.devices = devices;
    }

    List<Group> list(String owner) {
        return this.repository.findAll(owner).stream().map((group) -> resolve(owner, group)).toList();
    }

    Group get(String owner, String name) {
        return resolve(owner, this.repository.find(owner, name).orElseThrow(() -> new GroupNotFoundException(name)));
    }

    /**
     * @throws InvalidGroupException when the name or the definition is malformed (nothing is stored)
     * @throws DuplicateGroupException when the caller has a group of that name
     * @throws GroupDeviceNotFoundException when a listed device is not the caller's
     */
    Group create(String owner, GroupRequest request) {
        String name = checkedName(request.name());
        Definition definition = definition(request);
        if (this.repository.find(owner, name).isPresent()) {
            throw new DuplicateGroupException(name);
        }
        checkDevices(owner, definition);
        try {
            this.repository.insert(owner, name, definition.selector(), definition.members(), now());
        }
        catch (DuplicateKeyException ex) {
            // the same name created twice at once: the other request won
            throw new DuplicateGroupException(name);
        }
        catch (DataIntegrityViolationException ex) {
            // a listed device was deleted meanwhile
            checkDevices(owner, definition);
            throw ex;
        }
        logger.info("{} created group {}: {}", owner, name, definition);
        return get(owner, name);
    }

    /**
     * Gives the group a new definition (its name stays: deployments name their target by it).
     * @throws GroupNotFoundException when the caller has no such group
     */
    Group replace(String owner, String name, GroupRequest request) {
        if (request.name() != null && !request.name().equals(name)) {
            throw new InvalidGroupException("name", "name: a group keeps its name ('" + quoted(name) + "', not '"
                    + quoted(request.name()) + "'): deployments name their target by it; create a group of the new "
                    + "name and delete this one");
        }
        Definition definition = definition(request);
        if (this.repository.find(owner, name).isEmpty()) {
            throw new GroupNotFoundException(name);
        }
        checkDevices(owner, definition);
        boolean changed;
        try {
            changed = this.repository.replace(owner, name, definition.selector(), definition.members(), now());
        }
        catch (DataIntegrityViolationException ex) {
            checkDevices(owner, definition);
            throw ex;
        }
        if (changed) {
            logger.info("{} changed group {}: {}", owner, name, definition);
        }
        return get(owner, name);
    }

    void delete(String owner, String name) {
        if (!this.repository.delete(owner, name, now())) {
            throw new GroupNotFoundException(name);
        }
        logger.info("{} deleted group {}", owner, name);
    }

    private Group resolve(String owner, GroupRepository.StoredGroup group) {
        List<DeviceSelection.Member> members = (group.selector() != null)
                ? this.devices.matching(owner, TagSelector.parse(group.selector()))
                : this.devices.withIds(owner, group.members());
        return new Group(group.name(), group.selector(), members, group.createdAt(), group.updatedAt());
    }

    private void checkDevices(String owner, Definition definition) {
        if (definition.members().isEmpty()) {
            return;
        }
        Map<Long, DeviceSelection.Member> found = this.devices.withIds(owner, definition.members()).stream()
            .collect(Collectors.toMap(DeviceSelection.Member::id, Function.identity()));
        definition.members().stream().filter((id) -> !found.containsKey(id)).findFirst().ifPresent((id) -> {
            throw new GroupDeviceNotFoundException(id);
        });
    }

    private static String checkedName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidGroupException("name", "name: a group needs a name; " + ContainerNames.RULE
                    + ", and a group name follows the same rule");
        }
        if (!ContainerNames.isValid(name)) {
            throw new InvalidGroupException("name", "name: '" + quoted(name) + "' is not a group name: "
                    + ContainerNames.RULE + ", and a group name follows the same rule");
        }
        return name;
    }

    /** The selector in its one spelling, or the explicit list; each checked. */
    private static Definition definition(GroupRequest request) {
        // an empty list beside a selector adds nothing to it: generated clients send [] for a list left unset
        if (request.selector() != null && request.devices() != null && !request.devices().isEmpty()) {
            throw new InvalidGroupException("selector", "selector: a group is either a selector or a list of "
                    + "devices, not both");
        }
        if (request.selector() != null) {
            return new Definition(TagSelector.parse(request.selector()).toString(), new TreeSet<>());
        }
        if (request.devices() == null) {
            throw new InvalidGroupException("selector", "selector: a group is a tag selector (\"selector\": "
                    + "\"site=basement,role=gateway\") or a list of device ids (\"devices\": [3, 4])");
        }
        if (request.devices().size() > MAX_DEVICES) {
            throw new InvalidGroupException("devices", "devices: a list has at most " + MAX_DEVICES
                    + " devices, not " + request.devices().size() + "; select a fleet by its tags");
        }
        if (request.devices().stream().anyMatch(Objects::isNull)) {
            throw new InvalidGroupException("devices", "devices: a list holds device ids, not null");
        }
        return new Definition(null, new TreeSet<>(request.devices()));
    }

    /** The beginning of what a user sent, for a problem detail. */
    static String quoted(String input) {
        if (input == null) {
            return "";
        }
        return (input.length() > QUOTED_LENGTH) ? input.substring(0, QUOTED_LENGTH) + "…" : input;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** @param selector {@code null} for an explicit list of {@code members} */
    private record Definition(String selector, SortedSet<Long> members) {

        @Override
        public String toString() {
            return (this.selector != null) ? "selector " + this.selector : "devices " + this.members;
        }

    }

}
