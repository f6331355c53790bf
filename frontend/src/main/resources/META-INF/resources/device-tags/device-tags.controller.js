'use strict';

angular.module('iotDeploy')
  .controller('DeviceTagsController', ['api', 'problemDetails', 'tagRows', function (api, problemDetails, tagRows) {
    var self = this;
    self.editing = false;
    self.saving = false;
    self.rows = [];
    self.problem = null;

    // The shown tags, made once per device object: rows made anew on every digest never let ng-repeat settle.
    self.list = [];

    self.$onChanges = function (changes) {
      if (changes.device) {
        self.list = tagRows.fromTags(self.device && self.device.tags);
      }
    };

    self.edit = function () {
      self.rows = tagRows.fromTags(self.device.tags);
      if (!self.rows.length) {
        self.rows.push({ key: '', value: '' });
      }
      self.problem = null;
      self.editing = true;
    };

    self.cancel = function () {
      self.editing = false;
      self.problem = null;
    };

    self.save = function () {
      var edited = tagRows.toTags(self.rows);
      if (edited.problem) {
        self.problem = edited.problem;
        return;
      }
      self.saving = true;
      self.problem = null;
      api.replaceTags(self.device.id, edited.tags).then(function (device) {
        self.editing = false;
        self.onSaved({ device: device });
      }, function (response) {
        self.problem = problemDetails.fromResponse(response);
      }).finally(function () {
        self.saving = false;
      });
    };
  }]);
