'use strict';

/*
 * A device's tags (key=value), shown and edited in place: <device-tags device="…" on-saved="…(device)">.
 * Saving replaces all of them (PUT /api/devices/{id}/tags); on-saved gets the device as the server answered.
 */
angular.module('iotDeploy')
  .component('deviceTags', {
    templateUrl: 'device-tags/device-tags.template.html',
    controller: 'DeviceTagsController',
    bindings: {
      device: '<',
      onSaved: '&'
    }
  });
