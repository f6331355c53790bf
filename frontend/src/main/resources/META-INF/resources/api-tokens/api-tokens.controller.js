'use strict';

/*
 * The signed-in user's API tokens for pipelines: list, create (the secret is shown once, right
 * after creation, and never again), revoke after a confirmation.
 */
angular.module('iotDeploy')
  .controller('ApiTokensController', ['$window', '$q', 'api', 'problemDetails',
    function ($window, $q, api, problemDetails) {
      var self = this;
      self.tokens = [];
      self.loading = false;
      self.loaded = false;
      self.newToken = { name: '', expiresInDays: 90 };
      self.creating = false;
      self.createProblem = null;
      // The token just made, with its secret: only until the user dismisses it or leaves the page.
      self.created = null;
      self.copied = false;
      self.copyFailed = false;
      self.confirmingRevocation = null;

      // Where pipelines send their uploads: this dashboard's own address.
      self.uploadUrl = $window.location.origin + $window.location.pathname.replace(/[^/]*$/, '') + 'upload';

      self.curlExample = function () {
        return 'curl -H "Authorization: Bearer ' + (self.created ? self.created.token : 'iotd_…') + '" \\\n' +
          '     -F ip=DEVICE_ADDRESS -F containerName=my-app -F imageName=base/java:17 \\\n' +
          '     -F networkConfig=bridge -F file=@app.jar \\\n' +
          '     ' + self.uploadUrl;
      };

      self.load = function () {
        self.loading = true;
        api.tokens().then(function (tokens) {
          self.tokens = tokens || [];
          self.loaded = true;
        }).finally(function () {
          self.loading = false;
        });
      };

      self.create = function (form) {
        form.$setSubmitted();
        if (form.$invalid) {
          return;
        }
        var days = self.newToken.expiresInDays;
        var request = {
          name: self.newToken.name.trim(),
          expiresInDays: (days === null || days === undefined || days === '') ? null : Number(days)
        };
        self.creating = true;
        self.createProblem = null;
        self.created = null;
        self.copied = false;
        self.copyFailed = false;
        api.createToken(request).then(function (token) {
          self.created = token;
          self.newToken = { name: '', expiresInDays: 90 };
          form.$setPristine();
          form.$setUntouched();
          self.load();
        }, function (response) {
          self.createProblem = problemDetails.fromResponse(response);
        }).finally(function () {
          self.creating = false;
        });
      };

      // The clipboard API needs a secure context (HTTPS or localhost); elsewhere the secret is selected
      // so that the user can copy it by hand.
      self.copy = function () {
        var secret = $window.document.getElementById('token-secret');
        self.copied = false;
        self.copyFailed = false;
        var clipboard = $window.navigator.clipboard;
        var copying = (clipboard && $window.isSecureContext) ?
          $q.when(clipboard.writeText(self.created.token)) : $q.reject();
        copying.then(function () {
          self.copied = true;
        }, function () {
          secret.focus();
          secret.select();
          self.copyFailed = true;
        });
      };

      self.dismissSecret = function () {
        self.created = null;
        self.copied = false;
        self.copyFailed = false;
      };

      self.askRevocation = function (token) {
        self.confirmingRevocation = token.id;
      };

      self.cancelRevocation = function () {
        self.confirmingRevocation = null;
      };

      self.revoke = function (token) {
        token.busy = true;
        api.revokeToken(token.id).then(function () {
          self.tokens = self.tokens.filter(function (other) {
            return other.id !== token.id;
          });
          if (self.created && self.created.id === token.id) {
            self.dismissSecret();
          }
        }).finally(function () {
          token.busy = false;
          self.confirmingRevocation = null;
        });
      };

      self.$onInit = function () {
        self.load();
      };
    }]);
