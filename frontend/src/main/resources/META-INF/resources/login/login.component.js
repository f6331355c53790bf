'use strict';

angular.module('iotDeploy')
  .component('loginForm', {
    templateUrl: 'login/login.template.html',
    controller: 'LoginController'
  });
