package io.iotdeploy.machine.group;

import java.time.Instant;
import java.util.List;

import io.iotdeploy.machine.device.DeviceSelection;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A group as the API shows it, resolved now: which of its owner's devices it holds at this moment.
 *
 * @param selector the tag selector in its one spelling ({@code site=basement,role=gateway}), {@code null} for a
 *                 group that is an explicit list of devices
 * @param devices  the devices it holds now, in id order: those the selector selects, or those of the list that
 *                 still exist; may be empty (devices join later)
 */
record Group(String name,
        @Schema(description = "the tag selector, site=basement,role=gateway; null for a list of devices")
        String selector,
        @Schema(description = "the devices it holds now, in id order; may be empty (devices join later)")
        List<DeviceSelection.Member> devices, Instant createdAt, Instant updatedAt) {
}
