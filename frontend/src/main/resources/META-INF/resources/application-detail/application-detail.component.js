'use strict';

angular.module('iotDeploy')
  .component('applicationDetail', {
    templateUrl: 'application-detail/application-detail.template.html',
    controller: 'ApplicationDetailController'
  });
