'use strict';

angular.module('iotDeploy')
  .controller('DeviceTagsController', ['api', 'problemDetails', function (api, problemDetails) {
    var self = this;
    self.editing = false;
    self.saving = false;
    self.rows = [];
    self.problem = null;

    // The server sends them sorted by key; the rows keep that order.
    function rowsOf(tags) {
      return Object.keys(tags || {}).sort().map(function (key) {
        return { key: key, value: tags[key] };
      });
    }

    self.tags = function () {
      return rowsOf(self.device && self.device.tags);
    };

    self.edit = function () {
      self.rows = rowsOf(self.device.tags);
      if (!self.rows.length) {
        self.addRow();
      }
      self.problem = null;
      self.editing = true;
    };

    self.addRow = function () {
      self.rows.push({ key: '', value: '' });
    };

    self.removeRow = function (row) {
      self.rows = self.rows.filter(function (other) {
        return other !== row;
      });
    };

    self.cancel = function () {
      self.editing = false;
      self.problem = null;
    };

    // Which row the server's problem names (its `tag` member is the key).
    self.isWrong = function (row) {
      return !!(self.problem && self.problem.tag !== undefined && self.problem.tag === String(row.key || '').trim());
    };

    // The grammar is the server's (machine-service's DeviceTags); only what a JSON object cannot say is checked here.
    self.save = function () {
      var tags = {};
      var twice = null;
      self.rows.forEach(function (row) {
        var key = String(row.key || '').trim();
        var value = String(row.value || '').trim();
        if (!key && !value) {
          return;
        }
        if (Object.prototype.hasOwnProperty.call(tags, key)) {
          twice = key;
        }
        tags[key] = value;
      });
      if (twice !== null) {
        self.problem = { title: 'Invalid tags', detail: "tags: '" + twice + "' is given twice; a key has one value.",
          tag: twice };
        return;
      }
      self.saving = true;
      self.problem = null;
      api.replaceTags(self.device.id, tags).then(function (device) {
        self.editing = false;
        self.onSaved({ device: device });
      }, function (response) {
        self.problem = problemDetails.fromResponse(response);
      }).finally(function () {
        self.saving = false;
      });
    };
  }]);
