'use strict';

angular.module('iotDeploy')
  .component('applicationList', {
    templateUrl: 'application-list/application-list.template.html',
    controller: 'ApplicationListController'
  });
