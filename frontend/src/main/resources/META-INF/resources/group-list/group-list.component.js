'use strict';

angular.module('iotDeploy')
  .component('groupList', {
    templateUrl: 'group-list/group-list.template.html',
    controller: 'GroupListController'
  });
