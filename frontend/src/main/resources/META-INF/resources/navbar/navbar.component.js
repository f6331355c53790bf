'use strict';

angular.module('iotDeploy')
  .component('appNavbar', {
    templateUrl: 'navbar/navbar.template.html',
    controller: 'NavbarController'
  });
