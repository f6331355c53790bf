'use strict';

angular.module('iotDeploy')
  .component('groupDetail', {
    templateUrl: 'group-detail/group-detail.template.html',
    controller: 'GroupDetailController'
  });
