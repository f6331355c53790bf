'use strict';

angular.module('iotDeploy')
  .controller('DeviceListController', ['api', 'problemDetails', 'tagRows', function (api, problemDetails, tagRows) {
    var self = this;
    self.devices = [];
    self.loading = false;
    self.loaded = false;
    self.confirmingRemoval = null;
    // Docker's ports: 2376 with TLS (the platform's client certificate), 2375 for plain TCP.
    var TLS_PORT = 2376;
    var PLAIN_PORT = 2375;

    function emptyDevice() {
      // tags: the rows of the form's <tag-editor>
      return { address: '', port: TLS_PORT, name: '', insecure: false, tags: [] };
    }

    self.newDevice = emptyDevice();
    self.adding = false;
    self.addProblem = null;
    self.added = null;

    function replace(device) {
      for (var i = 0; i < self.devices.length; i++) {
        if (self.devices[i].id === device.id) {
          self.devices[i] = device;
          return;
        }
      }
      self.devices.push(device);
    }

    // refresh: the gateway pings every device instead of answering from what it knew.
    self.load = function (refresh) {
      self.loading = true;
      self.refreshing = !!refresh;
      api.devices(refresh).then(function (devices) {
        self.devices = devices || [];
        self.loaded = true;
      }).finally(function () {
        self.loading = false;
        self.refreshing = false;
      });
    };

    self.hasTags = function (device) {
      return !!device.tags && Object.keys(device.tags).length > 0;
    };

    self.ping = function (device) {
      device.busy = 'ping';
      api.pingDevice(device.id).then(replace).finally(function () {
        device.busy = null;
      });
    };

    self.askRemoval = function (device) {
      self.confirmingRemoval = device.id;
    };

    self.cancelRemoval = function () {
      self.confirmingRemoval = null;
    };

    self.remove = function (device) {
      device.busy = 'remove';
      api.removeDevice(device.id).then(function () {
        self.devices = self.devices.filter(function (other) {
          return other.id !== device.id;
        });
      }).finally(function () {
        device.busy = null;
        self.confirmingRemoval = null;
      });
    };

    // The checkbox moves the port between Docker's two defaults; a port the user typed stays.
    self.insecureChanged = function () {
      if (self.newDevice.insecure && self.newDevice.port === TLS_PORT) {
        self.newDevice.port = PLAIN_PORT;
      } else if (!self.newDevice.insecure && self.newDevice.port === PLAIN_PORT) {
        self.newDevice.port = TLS_PORT;
      }
    };

    // A problem with the tags shows next to them, any other below the form.
    self.addProblemAbout = function (field) {
      var about = self.addProblem && self.addProblem.field === 'tags' ? 'tags' : 'other';
      return about === field ? self.addProblem : null;
    };

    self.add = function (form) {
      form.$setSubmitted();
      self.added = null;
      if (form.$invalid) {
        return;
      }
      var tags = tagRows.toTags(self.newDevice.tags);
      if (tags.problem) {
        self.addProblem = tags.problem;
        return;
      }
      var request = { address: self.newDevice.address.trim(), port: self.newDevice.port };
      if (self.newDevice.name && self.newDevice.name.trim()) {
        request.name = self.newDevice.name.trim();
      }
      if (self.newDevice.insecure) {
        request.insecure = true;
      }
      if (tags.count) {
        request.tags = tags.tags;
      }
      self.adding = true;
      self.addProblem = null;
      api.addDevice(request).then(function (device) {
        replace(device);
        self.added = device;
        self.newDevice = emptyDevice();
        form.$setPristine();
        form.$setUntouched();
      }, function (response) {
        self.addProblem = problemDetails.fromResponse(response);
      }).finally(function () {
        self.adding = false;
      });
    };

    self.$onInit = function () {
      self.load(false);
    };
  }]);
