'use strict';

/*
 * deployment-service's applications, releases and deployments, as the gateway serves them under api/applications
 * (README's API table), for the applications pages; the same shape as shared/api.js, whose calls these are to become.
 * Every function returns a promise of the answer's body. `inline` (problemInline) is for a page that shows the
 * problem itself, next to the field it names, instead of an alert.
 */
angular.module('iotDeploy')
  .factory('applicationApi', ['$http', function ($http) {

    function path() {
      return 'api/' + Array.prototype.map.call(arguments, function (part) {
        return encodeURIComponent(part);
      }).join('/');
    }

    function body(response) {
      return response.data;
    }

    function get(url, inline) {
      return $http.get(url, inline ? { problemInline: true } : undefined).then(body);
    }

    /*
     * Which of the application's releases run where: one entry per release that devices have, newest release first,
     * each with its placements and how many are in which state ({running: 2, pending: 1}). A device the application
     * was removed from (an undeploy, or it left the target) runs none; the server leaves out superseded ones.
     */
    function releasesInUse(placements) {
      var byRelease = {};
      (placements || []).forEach(function (placement) {
        if (placement.state === 'removed' || placement.release === null || placement.release === undefined) {
          return;
        }
        var entry = byRelease[placement.release] ||
          (byRelease[placement.release] = { release: placement.release, placements: [], states: {} });
        entry.placements.push(placement);
        entry.states[placement.state] = (entry.states[placement.state] || 0) + 1;
      });
      return Object.keys(byRelease).map(function (release) {
        var entry = byRelease[release];
        // "2 running, 1 pending": the words a row shows once, made here and not on every digest
        entry.stateText = Object.keys(entry.states).sort().map(function (state) {
          return entry.states[state] + ' ' + state;
        }).join(', ');
        return entry;
      }).sort(function (a, b) {
        return b.release - a.release;
      });
    }

    return {
      // [{name, owner, createdAt, latestRelease, latestReleaseAt}], by name
      applications: function () {
        return get('api/applications');
      },
      application: function (name) {
        return get(path('applications', name));
      },
      // newest first: [{number, artifact: {sha256, size, kind}, settings, image, images, createdBy, createdAt, note}]
      releases: function (name, inline) {
        return get(path('applications', name, 'releases'), inline);
      },
      // per device, the newest deployment that has it: [{deviceId, device, deployment, release, state, step, message}]
      placements: function (name, inline) {
        return get(path('applications', name, 'devices'), inline);
      },
      // newest first, each with {target: {kind, value}, state, summary, devices: [...]}
      deployments: function (name, inline) {
        return get(path('applications', name, 'deployments'), inline);
      },
      // {release, target: {device | group | selector}, state, note} -> the deployment, each device pending
      deploy: function (name, deployment, inline) {
        return $http.post(path('applications', name, 'deployments'), deployment,
          inline ? { problemInline: true } : undefined).then(body);
      },
      // pause, resume or abort a deployment's rollout; the deployment as it is then
      rollout: function (name, id, action, payload) {
        return $http.post(path('applications', name, 'deployments', String(id), action), payload || {}).then(body);
      },
      releasesInUse: releasesInUse
    };
  }]);
