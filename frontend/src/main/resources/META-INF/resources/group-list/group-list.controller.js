'use strict';

/*
 * The signed-in user's device groups: each with its selector (or its list's length) and its members now; create
 * one below the list, delete one after a confirmation. Changing a group is on its own page.
 */
angular.module('iotDeploy')
  .controller('GroupListController', ['api', function (api) {
    var self = this;
    self.groups = [];
    self.loading = false;
    self.loaded = false;
    self.confirmingRemoval = null;

    self.load = function () {
      self.loading = true;
      return api.groups().then(function (groups) {
        self.groups = groups || [];
        self.loaded = true;
      }).finally(function () {
        self.loading = false;
      });
    };

    self.saved = function (group) {
      self.groups = self.groups.filter(function (other) {
        return other.name !== group.name;
      }).concat([group]).sort(function (a, b) {
        return a.name < b.name ? -1 : (a.name > b.name ? 1 : 0);
      });
    };

    self.askRemoval = function (group) {
      self.confirmingRemoval = group.name;
    };

    self.cancelRemoval = function () {
      self.confirmingRemoval = null;
    };

    self.remove = function (group) {
      group.busy = true;
      api.removeGroup(group.name).then(function () {
        self.groups = self.groups.filter(function (other) {
          return other.name !== group.name;
        });
      }).finally(function () {
        group.busy = false;
        self.confirmingRemoval = null;
      });
    };

    self.$onInit = function () {
      self.load();
    };
  }]);
