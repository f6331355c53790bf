'use strict';

angular.module('iotDeploy', [])
  .controller('GatewayHealthController', ['$http', function ($http) {
    var self = this;
    self.status = 'checking…';
    $http.get('actuator/health').then(
      function (response) {
        self.status = response.data.status;
      },
      function (response) {
        // The health endpoint answers 503 with a body when a component is down.
        self.status = (response.data && response.data.status) || 'UNREACHABLE';
      });
  }]);
