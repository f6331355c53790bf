'use strict';

angular.module('iotDeploy')
  .controller('TagEditorController', [function () {
    var self = this;

    self.addRow = function () {
      self.rows.push({ key: '', value: '' });
    };

    // In place: the page holds the same array.
    self.removeRow = function (row) {
      var index = self.rows.indexOf(row);
      if (index >= 0) {
        self.rows.splice(index, 1);
      }
    };

    // Which row the server's problem names (its `tag` member is the key).
    self.isWrong = function (row) {
      return !!(self.problem && self.problem.tag !== undefined && self.problem.tag !== null &&
        self.problem.tag === String(row.key || '').trim());
    };
  }]);
