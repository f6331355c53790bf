'use strict';

angular.module('iotDeploy', ['hashRouter'])

  .config(['$locationProvider', '$httpProvider', '$qProvider', 'hashRoutesProvider',
    function ($locationProvider, $httpProvider, $qProvider, hashRoutesProvider) {
      $locationProvider.hashPrefix('!');
      // A failed request is already shown by the problem interceptor; no second, console-only report.
      $qProvider.errorOnUnhandledRejections(false);
      // Tells the gateway that this is a script: it answers 401 with a problem, not a login challenge.
      $httpProvider.defaults.headers.common['X-Requested-With'] = 'XMLHttpRequest';

      hashRoutesProvider
        .when('/login', {
          template: '<login-form></login-form>',
          title: 'Sign in',
          public: true
        })
        .when('/devices', {
          template: '<device-list></device-list>',
          title: 'Devices'
        })
        .when('/devices/:id', {
          template: '<device-detail></device-detail>',
          title: 'Device'
        })
        .when('/deploy', {
          template: '<deploy-form></deploy-form>',
          title: 'Deploy'
        })
        .when('/devices/:id/deploy', {
          template: '<deploy-form></deploy-form>',
          title: 'Add new container'
        })
        .when('/devices/:id/containers/:name/logs', {
          template: '<container-logs></container-logs>',
          title: 'Logs'
        })
        .when('/groups', {
          template: '<group-list></group-list>',
          title: 'Groups'
        })
        .when('/groups/:name', {
          template: '<group-detail></group-detail>',
          title: 'Group'
        })
        .when('/applications', {
          template: '<application-list></application-list>',
          title: 'Applications'
        })
        .when('/applications/:name', {
          template: '<application-detail></application-detail>',
          title: 'Application'
        })
        .when('/tokens', {
          template: '<api-tokens></api-tokens>',
          title: 'API tokens'
        })
        .otherwise('/devices');
    }])

  .run(['$rootScope', 'hashRoutes', 'session', 'problemAlerts', function ($rootScope, hashRoutes, session, problemAlerts) {
    hashRoutes.guard = function (route) {
      if (!route.public && !session.user) {
        session.rememberTarget();
        return '/login';
      }
      if (route.path === '/login' && session.user) {
        return '/devices';
      }
      return null;
    };
    $rootScope.$on('hashRouteChanged', problemAlerts.clearForNewPage);
    // The first view waits until the gateway has said whether a session exists.
    session.check().finally(hashRoutes.start);
  }]);
