'use strict';

angular.module('iotDeploy')
  .controller('DeviceDetailController', ['$http', '$timeout', 'api', 'hashRoutes',
    function ($http, $timeout, api, hashRoutes) {
    var self = this;
    var statsRequest = 0;

    self.deviceId = hashRoutes.params.id;
    self.device = null;
    self.notFound = false;
    self.containers = null;
    self.images = null;
    self.stats = null;
    self.statsByName = {};
    self.loadingStats = false;
    self.confirmingContainer = null;
    self.confirmingImage = null;
    self.actions = [
      { name: 'start', label: 'Start' },
      { name: 'stop', label: 'Stop' },
      { name: 'pause', label: 'Pause' },
      { name: 'unpause', label: 'Unpause' },
      { name: 'restart', label: 'Restart' }
    ];

    function plainName(name) {
      return String(name || '').replace(/^\//, '');
    }

    // Which actions make sense in which state; the others stay visible but disabled.
    var applicable = {
      start: function (state) {
        return state !== 'running' && state !== 'paused' && state !== 'restarting';
      },
      stop: function (state) {
        return state === 'running' || state === 'paused' || state === 'restarting';
      },
      pause: function (state) {
        return state === 'running';
      },
      unpause: function (state) {
        return state === 'paused';
      },
      restart: function () {
        return true;
      }
    };

    self.canRun = function (container, action) {
      return !container.busy && applicable[action](String(container.state || '').toLowerCase());
    };

    self.loadDevice = function () {
      return api.device(self.deviceId).then(function (device) {
        self.device = device;
        self.deviceFailed = false;
      }, function (response) {
        self.notFound = response.status === 404;
        self.deviceFailed = !self.device;
      });
    };

    self.loadContainers = function () {
      self.loadingContainers = true;
      return api.containers(self.deviceId).then(function (containers) {
        self.containers = (containers || []).map(function (container) {
          container.name = plainName(container.name);
          return container;
        });
        self.containersFailed = false;
      }, function () {
        self.containersFailed = true;
      }).finally(function () {
        self.loadingContainers = false;
      });
    };

    self.loadImages = function () {
      self.loadingImages = true;
      return api.images(self.deviceId).then(function (images) {
        self.images = (images || []).map(function (image) {
          image.shortId = String(image.id || '').replace(/^sha256:/, '').substring(0, 12);
          return image;
        });
        self.imagesFailed = false;
      }, function () {
        self.imagesFailed = true;
      }).finally(function () {
        self.loadingImages = false;
      });
    };

    // Stats take a moment per container on the device: they load on their own and never hold the page.
    self.loadStats = function () {
      var request = ++statsRequest;
      self.loadingStats = true;
      return api.deviceStats(self.deviceId).then(function (stats) {
        if (request !== statsRequest) {
          return;
        }
        var byName = {};
        (stats && stats.containers || []).forEach(function (containerStats) {
          byName[plainName(containerStats.name)] = containerStats;
        });
        self.stats = stats;
        self.statsByName = byName;
      }).finally(function () {
        if (request === statsRequest) {
          self.loadingStats = false;
        }
      });
    };

    self.refresh = function () {
      self.loadDevice();
      self.loadContainers();
      self.loadImages();
      self.loadStats();
    };

    // GET /api/devices/{id}/tls-bundle: a plain link, the browser saves the .tar.gz it answers with.
    self.tlsBundleUrl = function () {
      return 'api/devices/' + encodeURIComponent(self.deviceId) + '/tls-bundle';
    };

    // As the server names the bundle: iotdeploy-tls-<device name>.
    self.tlsBundleName = function () {
      return 'iotdeploy-tls-' + String(self.device && self.device.name || 'device').replace(/[^A-Za-z0-9_.-]/g, '-');
    };

    // Every download is a new certificate: show its dates once the server has issued it.
    self.tlsBundleRequested = function () {
      $timeout(self.loadDevice, 2000);
    };

    // PATCH /api/devices/{id} {insecure: false}: from now on with TLS, on Docker's TLS port unless another was set.
    self.switchToTls = function () {
      self.switching = true;
      $http.patch('api/devices/' + encodeURIComponent(self.deviceId), { insecure: false }).then(function (response) {
        self.device = response.data;
      }).finally(function () {
        self.switching = false;
      });
    };

    self.tagsSaved = function (device) {
      self.device = device;
    };

    self.ping = function () {
      self.pinging = true;
      api.pingDevice(self.deviceId).then(function (device) {
        self.device = device;
      }).finally(function () {
        self.pinging = false;
      });
    };

    self.run = function (container, action) {
      container.busy = action;
      api.containerAction(self.deviceId, container.name, action).then(function (updated) {
        if (updated && updated.name) {
          updated.name = plainName(updated.name);
          angular.extend(container, updated);
        } else {
          self.loadContainers();
        }
        self.loadStats();
      }).finally(function () {
        container.busy = null;
      });
    };

    self.askContainerRemoval = function (container) {
      self.confirmingContainer = container.name;
    };

    self.removeContainer = function (container) {
      container.busy = 'remove';
      api.removeContainer(self.deviceId, container.name).then(function () {
        self.containers = self.containers.filter(function (other) {
          return other !== container;
        });
      }).finally(function () {
        container.busy = null;
        self.confirmingContainer = null;
      });
    };

    self.askImageRemoval = function (image) {
      self.confirmingImage = image.id;
    };

    self.removeImage = function (image) {
      image.busy = true;
      api.removeImage(self.deviceId, image.id).then(function () {
        self.images = self.images.filter(function (other) {
          return other !== image;
        });
      }).finally(function () {
        image.busy = false;
        self.confirmingImage = null;
      });
    };

    self.cancelRemoval = function () {
      self.confirmingContainer = null;
      self.confirmingImage = null;
    };

    // What the lists on this page show is fresher than the counts the device had when last pinged.
    self.containerCount = function () {
      return self.containers ? self.containers.length : self.device && self.device.containers;
    };

    self.imageCount = function () {
      return self.images ? self.images.length : self.device && self.device.images;
    };

    self.$onInit = function () {
      self.loadDevice().then(function () {
        if (!self.notFound) {
          self.loadContainers();
          self.loadImages();
          self.loadStats();
        }
      });
    };
  }]);
