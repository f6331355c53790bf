'use strict';

angular.module('iotDeploy')
  .controller('GroupFormController', ['$timeout', 'api', 'problemDetails', function ($timeout, api, problemDetails) {
    var self = this;
    // Typing pauses this long before the preview asks the server.
    var PREVIEW_DELAY = 300;
    var previewTimer = null;
    var previewRequest = 0;

    self.editing = false;
    self.form = { name: '', kind: 'selector', selector: '', picked: {} };
    // The caller's devices, for the checklist; null until they are loaded.
    self.devices = null;
    self.devicesFailed = false;
    // What the selector selects now: {selector, devices} or {selector, problem}; null before the first answer.
    self.preview = null;
    self.previewing = false;
    self.saving = false;
    self.problem = null;
    // The group this form just created, until the next submit.
    self.created = null;

    self.$onInit = function () {
      self.editing = !!self.group;
      if (self.editing) {
        self.form.name = self.group.name;
        self.form.kind = self.group.selector !== null && self.group.selector !== undefined ? 'selector' : 'devices';
        self.form.selector = self.group.selector || '';
        // A selector's members now, so that turning it into a list keeps them.
        (self.group.devices || []).forEach(function (member) {
          self.form.picked[member.id] = true;
        });
      }
      self.loadDevices();
      if (self.form.selector) {
        self.previewNow();
      }
    };

    self.$onDestroy = function () {
      $timeout.cancel(previewTimer);
      previewRequest++;
    };

    self.loadDevices = function () {
      self.devicesFailed = false;
      api.devices().then(function (devices) {
        self.devices = devices || [];
      }, function () {
        self.devicesFailed = true;
      });
    };

    // What the server said about a field's earlier value no longer applies once it is changed.
    self.fieldChanged = function (field) {
      if (self.problem && fieldOf(self.problem) === field) {
        self.problem = null;
      }
    };

    self.selectorChanged = function () {
      // the preview checks the new selector
      self.fieldChanged('selector');
      $timeout.cancel(previewTimer);
      previewTimer = $timeout(self.previewNow, PREVIEW_DELAY);
    };

    // The grammar is the server's (machine-service's TagSelector): the preview is also its check.
    self.previewNow = function () {
      $timeout.cancel(previewTimer);
      var selector = String(self.form.selector || '').trim();
      var request = ++previewRequest;
      if (!selector) {
        self.preview = null;
        self.previewing = false;
        return;
      }
      self.previewing = true;
      api.selectDevices(selector).then(function (devices) {
        if (request === previewRequest) {
          self.preview = { selector: selector, devices: devices || [] };
        }
      }, function (response) {
        if (request === previewRequest) {
          self.preview = { selector: selector, problem: problemDetails.fromResponse(response) };
        }
      }).finally(function () {
        if (request === previewRequest) {
          self.previewing = false;
        }
      });
    };

    self.pickedIds = function () {
      return (self.devices || []).filter(function (device) {
        return self.form.picked[device.id];
      }).map(function (device) {
        return device.id;
      });
    };

    self.pickAll = function (picked) {
      self.fieldChanged('devices');
      (self.devices || []).forEach(function (device) {
        self.form.picked[device.id] = picked;
      });
    };

    self.hasTags = function (device) {
      return !!device.tags && Object.keys(device.tags).length > 0;
    };

    // Which field a problem is about: the one its `field` names; a taken name (409) is the name's.
    function fieldOf(problem) {
      if (problem.field === 'name' || problem.field === 'selector' || problem.field === 'devices') {
        return problem.field;
      }
      if (problem.status === 409 && problem.group !== undefined) {
        return 'name';
      }
      return 'form';
    }

    // The problem to show next to `field`: the last save's, or for the selector, the preview's.
    self.problemAbout = function (field) {
      if (self.problem && fieldOf(self.problem) === field) {
        return self.problem;
      }
      if (field === 'selector' && self.preview && self.preview.problem && !self.previewing) {
        return self.preview.problem;
      }
      return null;
    };

    // The device a refused list names (404 "Unknown device", its `device` the id).
    self.isWrongDevice = function (device) {
      return !!(self.problem && self.problem.device !== undefined && String(self.problem.device) === String(device.id));
    };

    self.submit = function (form) {
      form.$setSubmitted();
      if (form.$invalid) {
        return;
      }
      var definition = self.form.kind === 'selector' ?
        { selector: String(self.form.selector || '').trim() } : { devices: self.pickedIds() };
      var saving = self.editing ? api.replaceGroup(self.group.name, definition) :
        api.createGroup(angular.extend({ name: self.form.name.trim() }, definition));
      self.saving = true;
      self.problem = null;
      self.created = null;
      saving.then(function (group) {
        if (!self.editing) {
          self.created = group;
          self.form = { name: '', kind: self.form.kind, selector: '', picked: {} };
          self.preview = null;
          form.$setPristine();
          form.$setUntouched();
        }
        self.onSaved({ group: group });
      }, function (response) {
        self.problem = problemDetails.fromResponse(response);
        if (self.problem.status === 404 && self.problem.field === 'devices') {
          // a listed device is gone (removed meanwhile): the checklist shows what there is now
          self.loadDevices();
        }
      }).finally(function () {
        self.saving = false;
      });
    };

    self.cancel = function () {
      if (self.onCancel) {
        self.onCancel();
      }
    };
  }]);
