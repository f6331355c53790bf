'use strict';

angular.module('iotDeploy')
  .component('deviceDetail', {
    templateUrl: 'device-detail/device-detail.template.html',
    controller: 'DeviceDetailController'
  });
