'use strict';

angular.module('iotDeploy')
  .controller('LoginController', ['session', 'problemDetails', function (session, problemDetails) {
    var self = this;
    self.credentials = { username: '', password: '' };
    self.problem = null;
    self.busy = false;

    self.submit = function (form) {
      form.$setSubmitted();
      if (form.$invalid) {
        return;
      }
      self.busy = true;
      self.problem = null;
      session.login(self.credentials.username, self.credentials.password).catch(function (response) {
        self.problem = problemDetails.fromResponse(response);
        self.credentials.password = '';
        form.$setPristine();
      }).finally(function () {
        self.busy = false;
      });
    };
  }]);
