'use strict';

angular.module('iotDeploy')
  .component('deployForm', {
    templateUrl: 'deploy-form/deploy-form.template.html',
    controller: 'DeployFormController'
  });
