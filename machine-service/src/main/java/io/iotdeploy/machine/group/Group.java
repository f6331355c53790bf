package io.iotdeploy.machine.group;

import java.time.Instant;
import java.util.List;

import io.iotdeploy.machine.device.DeviceSelection;

/**
 * A group as the API shows it, resolved now: which of its owner's devices it holds at this moment.
 *
 * @param selector the tag selector in its one spelling ({@code site=basement,role=gateway}), {@code null} for a
 *                 group that is an explicit list of devices
 * @param devices  the devices it holds now, in id order: those the selector selects, or those of the list that
 *                 still exist; may be empty (devices join later)
 */
record Group(String name, String selector, List<DeviceSelection.Member> devices, Instant createdAt,
        Instant updatedAt) {
}
