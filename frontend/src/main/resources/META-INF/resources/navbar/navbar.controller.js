'use strict';

angular.module('iotDeploy')
  .controller('NavbarController', ['$scope', 'session', function ($scope, session) {
    var self = this;
    self.session = session;
    self.expanded = false;
    self.signingOut = false;

    self.toggle = function () {
      self.expanded = !self.expanded;
    };

    self.logout = function () {
      self.signingOut = true;
      session.logout().finally(function () {
        self.signingOut = false;
      });
    };

    $scope.$on('hashRouteChanged', function () {
      self.expanded = false;
    });
  }]);
