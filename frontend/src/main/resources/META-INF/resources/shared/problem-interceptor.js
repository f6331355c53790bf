'use strict';

/*
 * The one place where failed requests become something the user sees: RFC 9457 problem details
 * (title, detail, and step / device / image where the server names them) as dismissible alerts.
 * Request options: `problemInline` - the page shows the problem next to its form, no alert;
 * `expectUnauthorized` - a 401 is an expected answer (session check, sign-in), not a lapsed session.
 * Any other 401 under /api/ leads back to the login page. <problem-inline> is how a page shows such a problem
 * next to the field it names.
 */
angular.module('iotDeploy')

  .factory('problemDetails', [function () {
    function from(status, data, url) {
      if (typeof data === 'string' && data.charAt(0) === '{') {
        try {
          data = JSON.parse(data);
        } catch (ignored) {
          // not JSON after all: handled below as an unexpected answer
        }
      }
      if (data && typeof data === 'object' && (data.title || data.detail)) {
        return angular.extend({}, data, { status: data.status || status });
      }
      if (status <= 0) {
        return {
          status: status,
          title: 'No answer from the gateway',
          detail: 'The request did not reach the server or was cut off' + (url ? ' (' + url + ')' : '') +
            '. Check the connection and try again.'
        };
      }
      return {
        status: status,
        title: 'Request failed with status ' + status,
        detail: 'The server gave no problem details' + (url ? ' for ' + url : '') + '.'
      };
    }

    return {
      from: from,
      fromResponse: function (response) {
        return from(response.status, response.data, response.config && response.config.url);
      }
    };
  }])

  .factory('problemAlerts', [function () {
    var alerts = [];
    var nextId = 1;

    function sameAs(problem) {
      return function (alert) {
        return alert.title === problem.title && alert.detail === problem.detail;
      };
    }

    // The problem's extension members that say where it happened.
    function contextOf(problem) {
      return [['step', 'Step'], ['device', 'Device'], ['image', 'Image']].filter(function (member) {
        return problem[member[0]] !== undefined && problem[member[0]] !== null && problem[member[0]] !== '';
      }).map(function (member) {
        return { key: member[0], label: member[1], value: problem[member[0]] };
      });
    }

    return {
      alerts: alerts,
      // level: a Bootstrap alert colour; keep: the alert outlives the next change of page.
      add: function (problem, level, keep) {
        // Several requests of one page often fail for one reason (an offline device): show it once.
        var existing = alerts.filter(sameAs(problem))[0];
        if (existing) {
          existing.count++;
          return existing;
        }
        var alert = angular.extend({ id: nextId++, count: 1, level: level || 'danger', keep: !!keep }, problem);
        alert.context = contextOf(problem);
        alerts.push(alert);
        return alert;
      },
      dismiss: function (alert) {
        var index = alerts.indexOf(alert);
        if (index >= 0) {
          alerts.splice(index, 1);
        }
      },
      // On a change of page: what the previous page reported no longer applies.
      clearForNewPage: function () {
        for (var i = alerts.length - 1; i >= 0; i--) {
          if (alerts[i].keep) {
            alerts[i].keep = false;
          } else {
            alerts.splice(i, 1);
          }
        }
      }
    };
  }])

  .factory('problemInterceptor', ['$q', '$injector', 'problemDetails', 'problemAlerts',
    function ($q, $injector, problemDetails, problemAlerts) {
      return {
        responseError: function (response) {
          var config = response.config || {};
          var api = /^\/?api\//.test(config.url || '');
          if (response.status === 401 && config.expectUnauthorized) {
            // "not signed in" is an answer here (GET /api/session, or wrong credentials), not an error
          } else if (response.status === 401 && api) {
            // Looked up lazily: session uses $http, which depends on this interceptor.
            $injector.get('session').lapsed();
          } else if (!config.problemInline) {
            problemAlerts.add(problemDetails.fromResponse(response));
          }
          return $q.reject(response);
        }
      };
    }])

  .config(['$httpProvider', function ($httpProvider) {
    $httpProvider.interceptors.push('problemInterceptor');
  }])

  /*
   * A problem that a request with `problemInline` got, shown where the page puts it (next to the field its `field`
   * names): <problem-inline problem="…" test="group-name-problem">, the data-test names {{test}}, {{test}}-title
   * and {{test}}-detail as the forms' own problem alerts have them. Nothing when `problem` is null.
   */
  .component('problemInline', {
    templateUrl: 'shared/problem-inline.template.html',
    bindings: {
      problem: '<',
      test: '@'
    }
  })

  .component('problemAlerts', {
    templateUrl: 'shared/problem-alerts.template.html',
    controller: ['problemAlerts', function (problemAlerts) {
      this.alerts = problemAlerts.alerts;
      this.dismiss = problemAlerts.dismiss;
    }]
  });
