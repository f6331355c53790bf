'use strict';

/*
 * The signed-in user's applications (an upload with group= or tags= makes one with its first release): each with
 * its latest release and how many devices run which of its releases. The list answers without the devices: each
 * application's placements load on their own afterwards and never hold the list.
 */
angular.module('iotDeploy')
  .controller('ApplicationListController', ['applicationApi', function (applicationApi) {
    var self = this;
    // A newer load (Refresh) makes the answers of an older one moot.
    var loadRequest = 0;

    self.applications = [];
    self.loading = false;
    self.loaded = false;
    // By application name: {inUse: releasesInUse(…)} once its devices answered, {failed: true} when they did not.
    self.devicesOf = {};

    function loadDevices(application, request) {
      applicationApi.placements(application.name).then(function (placements) {
        if (request === loadRequest) {
          self.devicesOf[application.name] = { inUse: applicationApi.releasesInUse(placements) };
        }
      }, function () {
        if (request === loadRequest) {
          self.devicesOf[application.name] = { failed: true };
        }
      });
    }

    self.load = function () {
      var request = ++loadRequest;
      self.loading = true;
      return applicationApi.applications().then(function (applications) {
        if (request !== loadRequest) {
          return;
        }
        self.applications = applications || [];
        self.devicesOf = {};
        self.loaded = true;
        self.applications.forEach(function (application) {
          loadDevices(application, request);
        });
      }).finally(function () {
        if (request === loadRequest) {
          self.loading = false;
        }
      });
    };

    self.$onInit = function () {
      self.load();
    };
  }]);
