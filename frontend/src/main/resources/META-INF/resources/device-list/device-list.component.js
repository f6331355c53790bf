'use strict';

angular.module('iotDeploy')
  .component('deviceList', {
    templateUrl: 'device-list/device-list.template.html',
    controller: 'DeviceListController'
  });
