'use strict';

angular.module('iotDeploy')
  .controller('DeployFormController', ['$element', '$interval', '$timeout', 'api', 'hashRoutes',
    function ($element, $interval, $timeout, api, hashRoutes) {
      var self = this;
      var ticker = null;
      var STEPS = [
        { key: 'upload', label: 'Upload' },
        { key: 'build', label: 'Build image' },
        { key: 'push', label: 'Push to registry' },
        { key: 'pull', label: 'Pull on device' },
        { key: 'create', label: 'Create container' },
        { key: 'start', label: 'Start container' }
      ];
      var ENV_LINE = /^[A-Za-z_][A-Za-z0-9_.]*=.*$/;

      self.deviceId = hashRoutes.params.id;
      self.device = null;
      self.baseImages = ['base/java:17', 'base/java-build:17'];
      self.form = {
        containerName: '',
        file: null,
        baseImage: 'base/java:17',
        customImage: '',
        network: 'bridge',
        ports: [{ host: null, container: null }],
        runCommands: '',
        env: '',
        start: true,
        replace: false
      };
      self.phase = 'idle';
      self.steps = [];
      self.problem = null;
      self.result = null;

      self.busy = function () {
        return self.phase === 'uploading' || self.phase === 'deploying';
      };

      self.addPort = function () {
        self.form.ports.push({ host: null, container: null });
      };

      self.removePort = function (index) {
        self.form.ports.splice(index, 1);
      };

      // A container name from the application file, when the user has not typed one.
      self.fileChosen = function () {
        if (self.form.file && !self.form.containerName) {
          self.form.containerName = self.form.file.name
            .replace(/\.(jar|war)$/i, '')
            .replace(/[^A-Za-z0-9_.-]+/g, '-')
            .replace(/^[^A-Za-z0-9]+/, '');
        }
      };

      function lines(text) {
        return String(text || '').split(/\r?\n/).map(function (line) {
          return line.trim();
        }).filter(function (line) {
          return line.length > 0;
        });
      }

      self.envErrors = function () {
        return lines(self.form.env).filter(function (line) {
          return !ENV_LINE.test(line);
        });
      };

      self.portRowProblem = function (port) {
        var hostEmpty = port.host === null || port.host === undefined || port.host === '';
        var containerEmpty = port.container === null || port.container === undefined || port.container === '';
        return hostEmpty !== containerEmpty;
      };

      self.portsInvalid = function () {
        return self.form.network === 'bridge' && self.form.ports.some(self.portRowProblem);
      };

      function usedPorts() {
        return self.form.ports.filter(function (port) {
          return port.host && port.container;
        });
      }

      self.imageName = function () {
        return self.form.baseImage === 'custom' ? self.form.customImage.trim() : self.form.baseImage;
      };

      function valid(form) {
        if (form.$invalid || !self.form.file || self.envErrors().length) {
          return false;
        }
        return !self.portsInvalid();
      }

      function formData() {
        var data = new FormData();
        data.append('containerName', self.form.containerName.trim());
        data.append('imageName', self.imageName());
        data.append('networkConfig', self.form.network);
        if (self.form.network === 'bridge') {
          data.append('ports', usedPorts().map(function (port) {
            return port.host + ':' + port.container;
          }).join('\n'));
        }
        data.append('runCommands', lines(self.form.runCommands).join('\n'));
        data.append('env', lines(self.form.env).join('\n'));
        data.append('start', self.form.start ? 'true' : 'false');
        data.append('replace', self.form.replace ? 'true' : 'false');
        data.append('file', self.form.file, self.form.file.name);
        return data;
      }

      function step(key) {
        return self.steps.filter(function (candidate) {
          return candidate.key === key;
        })[0];
      }

      function skip(key, note) {
        var skipped = step(key);
        skipped.state = 'skipped';
        skipped.note = note;
        skipped.millis = null;
      }

      function startTicker() {
        self.startedAt = Date.now();
        self.elapsed = 0;
        ticker = $interval(function () {
          self.elapsed = Date.now() - self.startedAt;
        }, 500);
      }

      function stopTicker() {
        if (ticker) {
          $interval.cancel(ticker);
          ticker = null;
        }
        self.elapsed = Date.now() - self.startedAt;
      }

      function uploaded() {
        if (self.phase !== 'uploading') {
          return;
        }
        self.phase = 'deploying';
        self.progress = 100;
        var upload = step('upload');
        upload.state = 'done';
        upload.millis = Date.now() - self.startedAt;
        self.steps.forEach(function (candidate) {
          if (candidate.state === 'pending') {
            candidate.state = 'active';
          }
        });
      }

      function succeeded(deployment, startAsked) {
        var times = deployment && deployment.steps || {};
        self.steps.forEach(function (candidate) {
          candidate.state = 'done';
          candidate.note = null;
          var millis = times[candidate.key + 'Millis'];
          if (millis !== undefined && millis !== null) {
            candidate.millis = millis;
          }
        });
        if (deployment.built === false) {
          skip('build', 'skipped — already in the registry');
        }
        if (deployment.pushed === false) {
          skip('push', 'skipped — already in the registry');
        } else if (deployment.layersPushed !== undefined && deployment.layersPushed !== null) {
          step('push').note = deployment.layersPushed + (deployment.layersPushed === 1 ? ' layer' : ' layers') + ' pushed';
        }
        if (!startAsked) {
          skip('start', 'not started — “Start after deploy” was off');
        }
        self.result = deployment;
        self.phase = 'done';
      }

      function failed(problem) {
        var failedAt = problem.step ? STEPS.map(function (candidate) {
          return candidate.key;
        }).indexOf(problem.step) : -1;
        self.steps.forEach(function (candidate, index) {
          if (failedAt >= 0) {
            if (index < failedAt && candidate.state !== 'done') {
              candidate.state = 'done';
            } else if (index === failedAt) {
              candidate.state = 'failed';
            } else if (index > failedAt) {
              candidate.state = 'not-run';
            }
          } else if (candidate.state === 'active' || candidate.state === 'pending') {
            candidate.state = candidate.key === 'upload' ? 'failed' : 'not-run';
          }
        });
        self.problem = problem;
        self.phase = 'failed';
      }

      self.submit = function (form) {
        form.$setSubmitted();
        self.submitted = true;
        if (self.busy()) {
          return;
        }
        if (!valid(form)) {
          // The submit button is at the bottom; the first field to correct may be far above it.
          $timeout(function () {
            var invalid = $element[0].querySelector('.is-invalid');
            if (invalid) {
              invalid.focus();
            }
          }, 0, false);
          return;
        }
        var startAsked = self.form.start;
        self.problem = null;
        self.result = null;
        self.progress = 0;
        self.steps = STEPS.map(function (candidate) {
          return angular.extend({ state: 'pending', millis: null, note: null }, candidate);
        });
        if (!startAsked) {
          skip('start', 'not started — “Start after deploy” was off');
        }
        step('upload').state = 'active';
        self.phase = 'uploading';
        startTicker();
        api.deploy(self.deviceId, formData(), function (percent) {
          self.progress = percent;
        }, uploaded).then(function (deployment) {
          uploaded();
          succeeded(deployment || {}, startAsked);
        }, function (rejection) {
          failed(rejection.problem);
        }).finally(stopTicker);
      };

      self.$onInit = function () {
        api.device(self.deviceId).then(function (device) {
          self.device = device;
        });
      };

      self.$onDestroy = function () {
        if (ticker) {
          $interval.cancel(ticker);
        }
      };
    }]);
