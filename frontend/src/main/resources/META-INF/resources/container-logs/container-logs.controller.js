'use strict';

angular.module('iotDeploy')
  .controller('ContainerLogsController', ['$element', '$timeout', '$window', 'api', 'hashRoutes',
    function ($element, $timeout, $window, api, hashRoutes) {
      var self = this;
      // Following a chatty container for hours must not eat the browser's memory.
      var MAX_FOLLOWED_LINES = 20000;
      var stream = null;
      var pending = [];
      var flushTimer = null;
      // A plain load still on its way when following starts (or a newer load) must not write into the view:
      // the stream sends the tail again, and the lines would show twice.
      var loadRequest = 0;

      self.deviceId = hashRoutes.params.id;
      self.name = hashRoutes.params.name;
      self.tails = [
        { value: '50', label: 'last 50 lines' },
        { value: '100', label: 'last 100 lines' },
        { value: '500', label: 'last 500 lines' },
        { value: 'all', label: 'all lines' }
      ];
      self.tail = '100';
      self.lines = [];
      self.text = '';
      self.loading = false;
      self.follow = false;
      self.streamState = 'off';
      self.autoScroll = true;

      function output() {
        return $element[0].querySelector('.log-output');
      }

      function show(lines) {
        self.lines = lines;
        self.text = lines.join('\n');
        if (self.autoScroll) {
          // After AngularJS has written the text into the page.
          $timeout(function () {
            var element = output();
            if (element) {
              element.scrollTop = element.scrollHeight;
            }
          }, 0, false);
        }
      }

      self.load = function () {
        if (self.follow) {
          startStream();
          return;
        }
        var request = ++loadRequest;
        self.loading = true;
        api.logs(self.deviceId, self.name, self.tail).then(function (logs) {
          if (request === loadRequest) {
            show(logs && logs.lines || []);
          }
        }).finally(function () {
          if (request === loadRequest) {
            self.loading = false;
          }
        });
      };

      // Lines arrive one event each; they are written to the page in batches, not one digest per line.
      function flush() {
        flushTimer = null;
        var lines = self.lines.concat(pending);
        pending = [];
        if (lines.length > MAX_FOLLOWED_LINES) {
          lines = lines.slice(lines.length - MAX_FOLLOWED_LINES);
        }
        show(lines);
      }

      function stopStream() {
        if (stream) {
          stream.close();
          stream = null;
        }
      }

      function startStream() {
        loadRequest++;
        self.loading = false;
        stopStream();
        pending = [];
        show([]);
        var opened = false;
        var source = new $window.EventSource(api.logStreamUrl(self.deviceId, self.name, self.tail));
        stream = source;
        self.streamState = 'connecting';
        source.onopen = function () {
          opened = true;
          $timeout(function () {
            self.streamState = 'live';
          });
        };
        source.onmessage = function (event) {
          pending.push(event.data);
          if (!flushTimer) {
            flushTimer = $timeout(flush, 150);
          }
        };
        // EventSource would reconnect and replay the tail: stop instead and let the user decide.
        source.onerror = function () {
          if (stream !== source) {
            return;
          }
          stopStream();
          $timeout(function () {
            self.follow = false;
            self.streamState = opened ? 'ended' : 'failed';
            if (!opened) {
              // EventSource cannot read the error; one plain request shows the problem (or the login).
              api.logs(self.deviceId, self.name, 1);
            }
          });
        };
      }

      self.followChanged = function () {
        if (self.follow) {
          startStream();
        } else {
          stopStream();
          self.streamState = 'off';
        }
      };

      self.download = function () {
        var blob = new $window.Blob([self.text + (self.text ? '\n' : '')], { type: 'text/plain;charset=utf-8' });
        var url = $window.URL.createObjectURL(blob);
        var link = $window.document.createElement('a');
        link.href = url;
        link.download = self.name + '.log';
        link.style.display = 'none';
        $window.document.body.appendChild(link);
        link.click();
        $window.document.body.removeChild(link);
        $timeout(function () {
          $window.URL.revokeObjectURL(url);
        }, 1000, false);
      };

      self.$onInit = function () {
        self.load();
        api.device(self.deviceId).then(function (device) {
          self.device = device;
        });
      };

      self.$onDestroy = function () {
        stopStream();
        if (flushTimer) {
          $timeout.cancel(flushTimer);
        }
      };
    }]);
