'use strict';

angular.module('iotDeploy')
  .component('containerLogs', {
    templateUrl: 'container-logs/container-logs.template.html',
    controller: 'ContainerLogsController'
  });
