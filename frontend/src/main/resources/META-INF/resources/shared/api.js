'use strict';

/*
 * The gateway's public JSON API (docs/api-contracts.md), one function per call. Paths are relative
 * so that the dashboard also works behind a context path. Every function returns a promise of the
 * answer's body; failures are rejected with the $http response (the interceptor already showed them).
 */
angular.module('iotDeploy')
  .factory('api', ['$http', '$q', '$rootScope', 'problemDetails', 'session',
    function ($http, $q, $rootScope, problemDetails, session) {

      function path() {
        return 'api/' + Array.prototype.map.call(arguments, function (part) {
          return encodeURIComponent(part);
        }).join('/');
      }

      function body(response) {
        return response.data;
      }

      function get(url, config) {
        return $http.get(url, config).then(body);
      }

      function post(url, data, config) {
        return $http.post(url, data, config).then(body);
      }

      function remove(url, config) {
        return $http.delete(url, config).then(body);
      }

      // Spring Security's cookie CSRF token: $http sends it by itself, a plain XMLHttpRequest must.
      function xsrfToken() {
        var match = /(?:^|;\s*)XSRF-TOKEN=([^;]*)/.exec(document.cookie);
        return match ? decodeURIComponent(match[1]) : null;
      }

      /*
       * POST /api/devices/{id}/deployments as multipart, with a plain XMLHttpRequest for its upload
       * progress. onProgress(percent) runs while uploading, onUploaded() once the file is sent;
       * the promise settles when the server answers after the whole deploy flow.
       * Rejected with {status, problem}.
       */
      function deploy(deviceId, formData, onProgress, onUploaded) {
        var deferred = $q.defer();
        var xhr = new XMLHttpRequest();
        xhr.open('POST', path('devices', deviceId, 'deployments'));
        xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
        xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
        var token = xsrfToken();
        if (token) {
          xhr.setRequestHeader('X-XSRF-TOKEN', token);
        }
        xhr.upload.onprogress = function (event) {
          if (event.lengthComputable) {
            $rootScope.$applyAsync(function () {
              onProgress(Math.floor(event.loaded * 100 / event.total));
            });
          }
        };
        xhr.upload.onload = function () {
          $rootScope.$applyAsync(onUploaded);
        };
        xhr.onload = function () {
          var data = null;
          try {
            data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
          } catch (ignored) {
            data = xhr.responseText;
          }
          $rootScope.$apply(function () {
            if (xhr.status >= 200 && xhr.status < 300) {
              deferred.resolve(data);
            } else {
              if (xhr.status === 401) {
                session.lapsed();
              }
              deferred.reject({ status: xhr.status, problem: problemDetails.from(xhr.status, data, 'the deployment') });
            }
          });
        };
        xhr.onerror = xhr.onabort = function () {
          $rootScope.$apply(function () {
            deferred.reject({ status: 0, problem: problemDetails.from(0, null, 'the deployment') });
          });
        };
        xhr.send(formData);
        return deferred.promise;
      }

      return {
        devices: function (refresh) {
          return get('api/devices', refresh ? { params: { refresh: true } } : undefined);
        },
        device: function (id) {
          return get(path('devices', id));
        },
        addDevice: function (device) {
          return post('api/devices', device, { problemInline: true });
        },
        // Replaces all of the device's tags ({} removes them); the device as it is now.
        replaceTags: function (id, tags) {
          return $http.put(path('devices', id, 'tags'), tags, { problemInline: true }).then(body);
        },
        removeDevice: function (id) {
          return remove(path('devices', id));
        },
        pingDevice: function (id) {
          return post(path('devices', id, 'ping'));
        },
        deviceStats: function (id) {
          return get(path('devices', id, 'stats'));
        },
        containers: function (id) {
          return get(path('devices', id, 'containers'));
        },
        containerAction: function (id, name, action) {
          return post(path('devices', id, 'containers', name, action));
        },
        removeContainer: function (id, name) {
          return remove(path('devices', id, 'containers', name));
        },
        images: function (id) {
          return get(path('devices', id, 'images'));
        },
        removeImage: function (id, imageId) {
          return remove(path('devices', id, 'images', imageId));
        },
        logs: function (id, name, tail) {
          return get(path('devices', id, 'containers', name, 'logs'), { params: { tail: tail } });
        },
        logStreamUrl: function (id, name, tail) {
          return path('devices', id, 'containers', name, 'logs', 'stream') + '?tail=' + encodeURIComponent(tail);
        },
        deploy: deploy,
        // The signed-in user's API tokens, without their secrets.
        tokens: function () {
          return get('api/tokens');
        },
        // {name, expiresInDays (or null: no expiry)} -> the token with its secret, shown this once.
        createToken: function (token) {
          return post('api/tokens', token, { problemInline: true });
        },
        revokeToken: function (id) {
          return remove(path('tokens', id));
        },
        // The caller's devices that a tag selector (site=basement,role!=gateway) selects; a malformed one is a
        // 400 "Invalid selector" that the page shows next to its field.
        selectDevices: function (selector) {
          return get('api/devices', { params: { selector: selector }, problemInline: true });
        },
        // The caller's groups, each resolved: {name, selector (null for a list), devices: [{id, name}], …}.
        groups: function () {
          return get('api/groups');
        },
        group: function (name) {
          return get(path('groups', name));
        },
        // {name, selector} or {name, devices: [ids]}
        createGroup: function (group) {
          return post('api/groups', group, { problemInline: true });
        },
        // A new definition, {selector} or {devices: [ids]}; the name stays.
        replaceGroup: function (name, definition) {
          return $http.put(path('groups', name), definition, { problemInline: true }).then(body);
        },
        removeGroup: function (name) {
          return remove(path('groups', name));
        }
      };
    }]);
