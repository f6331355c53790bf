'use strict';

/*
 * A minimal hash router with ngRoute's shape (when / otherwise, path parameters, a view element).
 * The org.webjars:angularjs jar holds only angular core, without angular-route; once an
 * angular-route webjar is on web-service's class path this file can give way to ngRoute
 * ($routeProvider, $routeParams, ng-view) with the same route table.
 */
angular.module('hashRouter', [])

  .provider('hashRoutes', [function () {
    var routes = [];
    var fallback = null;

    function compile(path, route) {
      var names = [];
      var pattern = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\?:(\w+)/g, function (match, name) {
        names.push(name);
        return '([^/]+)';
      });
      return angular.extend({}, route, { path: path, regexp: new RegExp('^' + pattern + '/?$'), names: names });
    }

    this.when = function (path, route) {
      routes.push(compile(path, route));
      return this;
    };

    this.otherwise = function (path) {
      fallback = path;
      return this;
    };

    this.$get = ['$rootScope', '$location', function ($rootScope, $location) {
      var router = {
        current: null,
        params: {},
        // Bumped on every change, so that the view also re-renders when only a parameter changed.
        version: 0,
        // function (route) -> a path to go to instead, or nothing; set by the application.
        guard: null,
        started: false,
        start: start
      };

      function match(path) {
        for (var i = 0; i < routes.length; i++) {
          var found = routes[i].regexp.exec(path);
          if (found) {
            var params = {};
            routes[i].names.forEach(function (name, index) {
              params[name] = decodeURIComponent(found[index + 1]);
            });
            return { route: routes[i], params: angular.extend({}, $location.search(), params) };
          }
        }
        return null;
      }

      function update() {
        var found = match($location.path());
        if (!found) {
          if (fallback !== null) {
            $location.path(fallback).replace();
          }
          return;
        }
        var redirect = router.guard && router.guard(found.route);
        if (redirect && redirect !== $location.path()) {
          $location.path(redirect).replace();
          return;
        }
        router.current = found.route;
        router.params = found.params;
        router.version++;
        $rootScope.title = found.route.title;
        $rootScope.$broadcast('hashRouteChanged', found.route);
      }

      function start() {
        if (!router.started) {
          router.started = true;
          $rootScope.$on('$locationChangeSuccess', update);
          update();
        }
      }

      return router;
    }];
  }])

  // <div hash-route-view></div>: renders the current route's template in a fresh scope.
  .directive('hashRouteView', ['hashRoutes', '$compile', function (hashRoutes, $compile) {
    return {
      restrict: 'A',
      link: function (scope, element) {
        var viewScope = null;
        scope.$watch(function () {
          return hashRoutes.version;
        }, function (version) {
          if (!version) {
            return;
          }
          if (viewScope) {
            viewScope.$destroy();
          }
          viewScope = scope.$new();
          element.html(hashRoutes.current.template);
          $compile(element.contents())(viewScope);
        });
      }
    };
  }]);
