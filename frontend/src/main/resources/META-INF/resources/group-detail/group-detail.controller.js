'use strict';

/*
 * One group: its definition and its members now (with each device's state and tags from the device list), a new
 * definition in place (its name stays), deletion after a confirmation.
 */
angular.module('iotDeploy')
  .controller('GroupDetailController', ['$location', 'api', 'hashRoutes', function ($location, api, hashRoutes) {
    var self = this;
    self.name = hashRoutes.params.name;
    self.group = null;
    self.notFound = false;
    self.failed = false;
    self.loading = false;
    // The caller's devices by id, for the members' state, address and tags; empty until loaded.
    self.devicesById = {};
    self.editing = false;
    self.saved = false;
    self.confirmingRemoval = false;
    self.removing = false;

    self.load = function () {
      self.loading = true;
      api.devices().then(function (devices) {
        var byId = {};
        (devices || []).forEach(function (device) {
          byId[device.id] = device;
        });
        self.devicesById = byId;
      });
      return api.group(self.name).then(function (group) {
        self.group = group;
        self.failed = false;
        self.notFound = false;
      }, function (response) {
        self.notFound = response.status === 404;
        self.failed = !self.group;
      }).finally(function () {
        self.loading = false;
      });
    };

    self.device = function (member) {
      return self.devicesById[member.id] || null;
    };

    self.hasTags = function (device) {
      return !!device && !!device.tags && Object.keys(device.tags).length > 0;
    };

    self.edit = function () {
      self.saved = false;
      self.confirmingRemoval = false;
      self.editing = true;
    };

    self.stopEditing = function () {
      self.editing = false;
    };

    self.changed = function (group) {
      self.group = group;
      self.editing = false;
      self.saved = true;
    };

    self.askRemoval = function () {
      self.confirmingRemoval = true;
    };

    self.cancelRemoval = function () {
      self.confirmingRemoval = false;
    };

    self.remove = function () {
      self.removing = true;
      api.removeGroup(self.group.name).then(function () {
        $location.path('/groups');
      }).finally(function () {
        self.removing = false;
        self.confirmingRemoval = false;
      });
    };

    self.$onInit = function () {
      self.load();
    };
  }]);
