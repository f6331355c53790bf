'use strict';

/*
 * Who is signed in. The gateway keeps the session (a cookie); this only mirrors what
 * GET /api/session said and remembers where the user wanted to go before signing in.
 */
angular.module('iotDeploy')
  .factory('session', ['$http', '$location', 'problemAlerts', function ($http, $location, problemAlerts) {
    var session = {
      user: null,
      checked: false,
      target: null,
      check: check,
      login: login,
      logout: logout,
      lapsed: lapsed,
      rememberTarget: rememberTarget
    };

    function userFrom(data, fallbackName) {
      if (data && typeof data === 'object' && (data.username || data.name)) {
        return { username: data.username || data.name, admin: !!data.admin };
      }
      return fallbackName ? { username: fallbackName, admin: false } : null;
    }

    function check() {
      return $http.get('api/session', { expectUnauthorized: true }).then(function (response) {
        session.user = userFrom(response.data);
      }, function () {
        session.user = null;
      }).finally(function () {
        session.checked = true;
      });
    }

    function login(username, password) {
      return $http.post('api/session', { username: username, password: password },
        { expectUnauthorized: true, problemInline: true }).then(function (response) {
        session.user = userFrom(response.data, username);
        var target = session.target;
        session.target = null;
        $location.path(target && target !== '/login' ? target : '/devices');
        return session.user;
      });
    }

    function logout() {
      return $http.delete('api/session', { expectUnauthorized: true }).finally(function () {
        session.user = null;
        session.target = null;
        $location.path('/login');
      });
    }

    // A call under /api/** answered 401: the session ended (expired, or the gateway restarted).
    function lapsed() {
      if (session.user) {
        problemAlerts.add({
          title: 'Signed out',
          detail: 'Your session has ended. Please sign in again.'
        }, 'warning', true);
      }
      session.user = null;
      rememberTarget();
      $location.path('/login');
    }

    function rememberTarget() {
      var path = $location.path();
      if (path && path !== '/login') {
        session.target = path;
      }
    }

    return session;
  }]);
