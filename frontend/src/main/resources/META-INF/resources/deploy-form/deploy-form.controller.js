'use strict';

angular.module('iotDeploy')
  .controller('DeployFormController', ['$element', '$filter', '$http', '$interval', '$timeout', 'api', 'hashRoutes',
    'problemDetails', 'session',
    function ($element, $filter, $http, $interval, $timeout, api, hashRoutes, problemDetails, session) {
      var self = this;
      var ticker = null;

      // One device: the deploy flow's steps (DeployFlow), each timed by the server.
      var DEVICE_STEPS = [
        { key: 'upload', label: 'Upload' },
        { key: 'build', label: 'Build image' },
        { key: 'push', label: 'Push to registry' },
        { key: 'pull', label: 'Pull on device' },
        { key: 'create', label: 'Create container' },
        { key: 'start', label: 'Start container' }
      ];
      // A group or tags: the fleet flow's steps (FleetDeployFlow), in its order; a problem's `step` names one.
      var FLEET_STEPS = [
        { key: 'upload', label: 'Upload' },
        { key: 'target', label: 'Find the devices' },
        { key: 'build', label: 'Build image (once per platform)' },
        { key: 'push', label: 'Push to registry' },
        { key: 'release', label: 'Record the release' },
        { key: 'deploy', label: 'Run on the devices' }
      ];
      // The fleet flow's other step names, on the step shown for them.
      var FLEET_STEP_SHOWN_AS = { artifact: 'release', pull: 'deploy', create: 'deploy', start: 'deploy' };

      // The server's rules (DeployForm, ContainerNames, ContainerSettings, BindMount, FleetTargets).
      var ENV_LINE = /^[A-Za-z_][A-Za-z0-9_]*=.*$/;
      var CAPABILITY = /^(CAP_)?[A-Z][A-Z0-9_]{0,63}$/i;
      var BIND = /^([^:]+):([^:]+)(?::(ro|rw))?$/;
      self.NOTE_MAX_LENGTH = 200;
      self.SELECTOR_MAX_LENGTH = 300;

      /*
       * The administrator's container policy (container-policy's ContainerPolicy, iotdeploy.containers.policy.*),
       * as the gateway publishes it. While it cannot be read, the form offers none of the settings the policy
       * gates: an offered setting must be one the gateway will not refuse.
       */
      var POLICY_URL = 'api/containers/policy';
      var GATED = [
        { key: 'privileged', label: 'Privileged mode', property: 'allow-privileged',
          allowed: function (rules) { return rules.allowPrivileged === true; } },
        { key: 'capAdd', label: 'Added capabilities', property: 'allowed-capabilities',
          allowed: function (rules) { return listed(rules.allowedCapabilities).length > 0; } },
        { key: 'devices', label: 'Host devices', property: 'allowed-devices',
          allowed: function (rules) { return listed(rules.allowedDevices).length > 0; } },
        { key: 'binds', label: 'Host paths (bind mounts)', property: 'allowed-bind-paths',
          allowed: function (rules) { return listed(rules.allowedBindPaths).length > 0; } },
        { key: 'hostPid', label: "The host's PID namespace", property: 'allow-host-pid',
          allowed: function (rules) { return rules.allowHostPid === true; } },
        { key: 'hostIpc', label: "The host's IPC namespace", property: 'allow-host-ipc',
          allowed: function (rules) { return rules.allowHostIpc === true; } }
      ];
      // The network modes the thesis offered, and the policy's default.
      var DEFAULT_NETWORK_MODES = ['bridge', 'host'];

      // Typing pauses this long before the tag preview asks the server.
      var PREVIEW_DELAY = 300;
      var previewTimer = null;
      var previewRequest = 0;
      var previewPending = null;
      // A fleet answer with devices still on their way is asked again, this often, for this long at most.
      var POLL_EVERY = 1000;
      var POLL_FOR = 3 * 60 * 1000;
      var pollTimer = null;
      var SETTLED = ['running', 'stopped', 'paused', 'removed', 'failed', 'superseded'];

      self.routeDeviceId = hashRoutes.params.id || null;
      self.device = null;
      self.devices = null;
      self.groups = null;
      self.target = {
        kind: hashRoutes.params.group ? 'group' : hashRoutes.params.tags ? 'tags' : 'device',
        deviceId: self.routeDeviceId || '',
        group: hashRoutes.params.group || '',
        tags: hashRoutes.params.tags || ''
      };
      self.policy = { status: 'loading', rules: null };
      self.baseImages = ['base/java:17', 'base/java-build:17'];
      self.form = {
        containerName: '',
        file: null,
        baseImage: 'base/java:17',
        customImage: '',
        network: 'bridge',
        ports: [{ host: null, container: null, protocol: 'tcp' }],
        runCommands: '',
        env: '',
        start: true,
        replace: false,
        note: '',
        wait: true,
        privileged: false,
        capabilities: {},
        capAddText: '',
        devices: {},
        deviceTargets: {},
        binds: '',
        hostPid: false,
        hostIpc: false,
        health: { kind: '', port: null, path: '', command: '', interval: '', timeout: '', startPeriod: '', retries: '' },
        rollout: { strategy: 'phased', phases: '', soakTime: '', approval: false }
      };
      // The health check's timings: the form's key, the API's field, its default as a placeholder.
      self.healthTimings = [
        { key: 'interval', field: 'healthInterval', label: 'Every', placeholder: '10s' },
        { key: 'timeout', field: 'healthTimeout', label: 'Timeout', placeholder: '5s' },
        { key: 'startPeriod', field: 'healthStartPeriod', label: 'Grace after start', placeholder: '60s' },
        { key: 'retries', field: 'healthRetries', label: 'Failures in a row', placeholder: '3' }
      ];
      self.phase = 'idle';
      // How many deploys this page has sent: tells one answer from the one before.
      self.sent = 0;
      self.steps = [];
      self.problem = null;
      self.result = null;
      self.fleet = null;
      // What the tags select now: {selector, devices} or {selector, problem}; null before the first answer.
      self.preview = null;
      self.previewing = false;

      function listed(values) {
        return angular.isArray(values) ? values : [];
      }

      self.busy = function () {
        return self.phase === 'uploading' || self.phase === 'deploying';
      };

      self.isFleet = function () {
        return self.target.kind === 'group' || self.target.kind === 'tags';
      };

      // --- the target

      self.deviceLabel = function (device) {
        return (device.name || device.address) + ' (' + device.address + ':' + device.port +
          (device.architecture ? ', ' + device.architecture : '') + ')';
      };

      self.selectedDevice = function () {
        return (self.devices || []).filter(function (device) {
          return String(device.id) === String(self.target.deviceId);
        })[0] || (self.device && String(self.device.id) === String(self.target.deviceId) ? self.device : null);
      };

      self.selectedGroup = function () {
        return (self.groups || []).filter(function (group) {
          return group.name === self.target.group;
        })[0] || null;
      };

      self.targetChanged = function () {
        self.fieldChanged('group');
        self.fieldChanged('tags');
        if (self.target.kind === 'tags' && self.target.tags && !self.preview) {
          self.previewNow();
        }
      };

      self.tagsChanged = function () {
        self.fieldChanged('tags');
        $timeout.cancel(previewTimer);
        previewTimer = $timeout(self.previewNow, PREVIEW_DELAY);
      };

      function selector() {
        return String(self.target.tags || '').trim();
      }

      // The grammar is machine-service's (TagSelector): the preview asks it, and so is also the check.
      self.previewNow = function () {
        $timeout.cancel(previewTimer);
        var wanted = selector();
        var request = ++previewRequest;
        if (!wanted) {
          self.preview = null;
          self.previewing = false;
          previewPending = null;
          return null;
        }
        if (wanted.length > self.SELECTOR_MAX_LENGTH) {
          self.preview = { selector: wanted, problem: {
            title: 'Invalid selector',
            detail: 'tags has ' + wanted.length + ' characters, more than ' + self.SELECTOR_MAX_LENGTH + '.'
          } };
          self.previewing = false;
          previewPending = null;
          return null;
        }
        self.previewing = true;
        previewPending = api.selectDevices(wanted).then(function (devices) {
          if (request === previewRequest) {
            self.preview = { selector: wanted, devices: devices || [] };
          }
        }, function (response) {
          if (request === previewRequest) {
            self.preview = { selector: wanted, problem: problemDetails.fromResponse(response) };
          }
        }).finally(function () {
          if (request === previewRequest) {
            self.previewing = false;
            previewPending = null;
          }
        });
        return previewPending;
      };

      // Problems of the form's own, each one object: a binding watches them by identity.
      var NO_SELECTOR = { title: 'No selector', detail: 'Enter the tags of the devices to deploy to, such as ' +
        'site=basement,role=gateway.' };
      var SELECTS_NOTHING = { title: 'Tags select no device', detail: 'None of your devices has these tags now; ' +
        'the upload would be refused. Tag devices first, or make a group: its deployment reaches devices when ' +
        'they join.' };

      // Why the tags cannot be deployed to, as the server would refuse them; null when they can (or are unchecked).
      self.tagsProblem = function () {
        if (self.target.kind !== 'tags') {
          return null;
        }
        var server = self.problemAbout('tags');
        if (server) {
          return server;
        }
        if (!selector()) {
          return self.submitted ? NO_SELECTOR : null;
        }
        if (self.previewing || !self.preview || self.preview.selector !== selector()) {
          return null;
        }
        if (self.preview.problem) {
          return self.preview.problem;
        }
        return self.preview.devices.length ? null : SELECTS_NOTHING;
      };

      self.hasTags = function (device) {
        return !!device.tags && Object.keys(device.tags).length > 0;
      };

      // --- the policy

      function loadPolicy() {
        $http.get(POLICY_URL, { problemInline: true }).then(function (response) {
          self.policy = { status: 'known', rules: response.data || {} };
          var modes = self.networkModes();
          if (modes.indexOf(self.form.network) < 0 && modes.length) {
            self.form.network = modes[0];
          }
        }, function () {
          self.policy = { status: 'failed', rules: null };
        });
      }

      self.allows = function (key) {
        if (self.policy.status !== 'known') {
          return false;
        }
        return GATED.filter(function (setting) {
          return setting.key === key;
        })[0].allowed(self.policy.rules);
      };

      // The gated settings the policy is known not to allow, each with the key that would allow it.
      self.refusedSettings = function () {
        if (self.policy.status !== 'known') {
          return [];
        }
        return GATED.filter(function (setting) {
          return !setting.allowed(self.policy.rules);
        });
      };

      self.gatedSettings = GATED;

      self.policyList = function (name) {
        return self.policy.rules ? listed(self.policy.rules[name]) : [];
      };

      self.anyCapability = function () {
        return self.policyList('allowedCapabilities').indexOf('ALL') >= 0;
      };

      self.networkModes = function () {
        if (self.policy.status !== 'known') {
          return DEFAULT_NETWORK_MODES;
        }
        var modes = self.policyList('allowedNetworkModes');
        return modes.length ? modes : DEFAULT_NETWORK_MODES;
      };

      self.networkLabel = function (mode) {
        if (mode === 'bridge') {
          return 'Bridge (port mappings)';
        }
        if (mode === 'host') {
          return 'Host network';
        }
        if (mode === 'none') {
          return 'No network';
        }
        if (mode.indexOf('container:') === 0) {
          return 'The network of container ' + mode.substring('container:'.length);
        }
        return 'Network ' + mode;
      };

      // Whether the container has a network stack of its own, whose ports can be published (ContainerSettings).
      self.publishesPorts = function () {
        var mode = self.form.network;
        return mode !== 'host' && mode !== 'none' && mode.indexOf('container:') !== 0;
      };

      // --- the settings

      self.addPort = function () {
        self.form.ports.push({ host: null, container: null, protocol: 'tcp' });
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

      /* The health check as the API takes it (http:PORT/PATH, tcp:PORT, cmd:COMMAND), or '' for none. */
      function healthCheck() {
        var health = self.form.health;
        if (health.kind === 'http') {
          var path = String(health.path || '').trim() || '/';
          return 'http:' + (health.port || '') + (path.charAt(0) === '/' ? path : '/' + path);
        }
        if (health.kind === 'tcp') {
          return 'tcp:' + (health.port || '');
        }
        if (health.kind === 'cmd') {
          return 'cmd:' + String(health.command || '').trim();
        }
        return '';
      }

      function lines(text) {
        return String(text || '').split(/\r?\n/).map(function (line) {
          return line.trim();
        }).filter(function (line) {
          return line.length > 0;
        });
      }

      function items(text) {
        return String(text || '').split(/[,\r\n]+/).map(function (item) {
          return item.trim();
        }).filter(function (item) {
          return item.length > 0;
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
        return self.publishesPorts() && self.form.ports.some(self.portRowProblem);
      };

      function usedPorts() {
        return self.form.ports.filter(function (port) {
          return port.host && port.container;
        });
      }

      self.imageName = function () {
        return self.form.baseImage === 'custom' ? self.form.customImage.trim() : self.form.baseImage;
      };

      function capabilities() {
        if (!self.allows('capAdd')) {
          return [];
        }
        if (self.anyCapability()) {
          return items(self.form.capAddText);
        }
        return self.policyList('allowedCapabilities').filter(function (name) {
          return self.form.capabilities[name];
        });
      }

      self.capabilityErrors = function () {
        return capabilities().filter(function (name) {
          return !CAPABILITY.test(name);
        });
      };

      function deviceMappings() {
        if (!self.allows('devices')) {
          return [];
        }
        return self.policyList('allowedDevices').filter(function (path) {
          return self.form.devices[path];
        }).map(function (path) {
          var inside = String(self.form.deviceTargets[path] || '').trim();
          return inside && inside !== path ? path + ':' + inside : path;
        });
      }

      // The host path is within an allowed one, segment by segment (AbsolutePaths.isWithin).
      function within(path, prefix) {
        return prefix === '/' || path === prefix || path.indexOf(prefix + '/') === 0;
      }

      // An absolute, normalized path: no ., .. or empty segment, no trailing / (AbsolutePaths).
      function normalized(path) {
        if (path.charAt(0) !== '/' || path.indexOf('\\') >= 0) {
          return false;
        }
        return path === '/' || path.substring(1).split('/').every(function (segment) {
          return segment !== '' && segment !== '.' && segment !== '..';
        });
      }

      // -> 'line: why' (strings: the list is watched by value) for each bind mount the server would refuse (form) or the policy would (host path).
      self.bindErrors = function () {
        if (!self.allows('binds')) {
          return [];
        }
        var allowed = self.policyList('allowedBindPaths');
        return lines(self.form.binds).map(function (line) {
          var parts = BIND.exec(line);
          if (!parts) {
            return line + ': not HOST_PATH:CONTAINER_PATH, optionally :ro or :rw';
          }
          if (!normalized(parts[1]) || !normalized(parts[2]) || parts[2] === '/') {
            return line + ': both paths must be absolute and normalized (no ., .., // or trailing /)';
          }
          if (!allowed.some(function (prefix) { return within(parts[1], prefix); })) {
            return line + ': the host path is not below ' + allowed.join(', ');
          }
          return null;
        }).filter(function (error) {
          return error !== null;
        });
      };

      self.noteTooLong = function () {
        return self.isFleet() && self.form.note.trim().length > self.NOTE_MAX_LENGTH;
      };

      function targetValid() {
        if (self.target.kind === 'device') {
          return !!self.target.deviceId;
        }
        if (self.target.kind === 'group') {
          return !!self.target.group;
        }
        return !!selector() && !!self.preview && self.preview.selector === selector() && !self.preview.problem &&
          self.preview.devices.length > 0;
      }

      function valid(form) {
        return !form.$invalid && !!self.form.file && !self.envErrors().length && !self.portsInvalid() &&
          !self.capabilityErrors().length && !self.bindErrors().length && !self.noteTooLong() && targetValid();
      }

      self.formInvalid = function (form) {
        return !valid(form);
      };

      function formData() {
        var data = new FormData();
        if (self.target.kind === 'group') {
          data.append('group', self.target.group);
        } else if (self.target.kind === 'tags') {
          data.append('tags', selector());
        }
        data.append('containerName', self.form.containerName.trim());
        data.append('imageName', self.imageName());
        data.append('networkConfig', self.form.network);
        if (self.publishesPorts()) {
          data.append('ports', usedPorts().map(function (port) {
            return port.host + ':' + port.container + (port.protocol === 'udp' ? '/udp' : '');
          }).join('\n'));
        }
        data.append('runCommands', lines(self.form.runCommands).join('\n'));
        data.append('env', lines(self.form.env).join('\n'));
        data.append('start', self.form.start ? 'true' : 'false');
        if (self.isFleet()) {
          // a release has no "replace": the reconciler replaces the application's own containers itself
          if (self.form.note.trim()) {
            data.append('note', self.form.note.trim());
          }
          // a rollout that waits for approval is answered at once: the page follows it
          var approval = self.form.rollout.strategy === 'phased' && self.form.rollout.approval;
          data.append('wait', self.form.wait && !approval ? 'true' : 'false');
          data.append('strategy', self.form.rollout.strategy);
          if (self.form.rollout.strategy === 'phased' && String(self.form.rollout.phases || '').trim()) {
            data.append('phases', String(self.form.rollout.phases).trim());
          }
          if (String(self.form.rollout.soakTime || '').trim()) {
            data.append('soakTime', String(self.form.rollout.soakTime).trim());
          }
          if (self.form.rollout.strategy === 'phased' && self.form.rollout.approval) {
            data.append('approval', 'true');
          }
        } else {
          data.append('replace', self.form.replace ? 'true' : 'false');
        }
        // the gated settings only as the policy allows them, and only when asked for
        if (self.allows('privileged') && self.form.privileged) {
          data.append('privileged', 'true');
        }
        if (capabilities().length) {
          data.append('capAdd', capabilities().join(','));
        }
        if (deviceMappings().length) {
          data.append('devices', deviceMappings().join('\n'));
        }
        if (self.allows('binds') && lines(self.form.binds).length) {
          data.append('binds', lines(self.form.binds).join('\n'));
        }
        if (self.allows('hostPid') && self.form.hostPid) {
          data.append('hostPid', 'true');
        }
        if (self.allows('hostIpc') && self.form.hostIpc) {
          data.append('hostIpc', 'true');
        }
        var check = healthCheck();
        if (check) {
          data.append('healthCheck', check);
          self.healthTimings.forEach(function (timing) {
            var value = String(self.form.health[timing.key] || '').trim();
            if (value) {
              data.append(timing.field, value);
            }
          });
        }
        data.append('file', self.form.file, self.form.file.name);
        return data;
      }

      /*
       * POST /upload with group= or tags=, with its upload progress. Rejected with {status, problem}, as
       * api.deploy is; /upload is not under /api/, so a lapsed session is told here.
       */
      function uploadToFleet(data, onProgress, onUploaded) {
        return $http.post('upload', data, {
          headers: { 'Content-Type': undefined, Accept: 'application/json, application/problem+json' },
          transformRequest: angular.identity,
          problemInline: true,
          uploadEventHandlers: {
            progress: function (event) {
              if (event.lengthComputable) {
                onProgress(Math.floor(event.loaded * 100 / event.total));
              }
            },
            load: onUploaded
          }
        }).then(function (response) {
          return response.data;
        }, function (response) {
          if (response.status === 401) {
            session.lapsed();
          }
          throw { status: response.status, problem: problemDetails.fromResponse(response) };
        });
      }

      // --- the steps and the answer

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

      function timed(times) {
        self.steps.forEach(function (candidate) {
          candidate.state = 'done';
          candidate.note = null;
          var millis = times[candidate.key + 'Millis'];
          if (millis !== undefined && millis !== null) {
            candidate.millis = millis;
          }
        });
      }

      function pushNote(answer) {
        if (answer.layersPushed !== undefined && answer.layersPushed !== null) {
          step('push').note = answer.layersPushed + (answer.layersPushed === 1 ? ' layer' : ' layers') + ' pushed';
        }
      }

      function succeeded(deployment, startAsked) {
        timed(deployment && deployment.steps || {});
        if (deployment.built === false) {
          skip('build', 'skipped — already in the registry');
        }
        if (deployment.pushed === false) {
          skip('push', 'skipped — already in the registry');
        } else {
          pushNote(deployment);
        }
        if (!startAsked) {
          skip('start', 'not started — “Start after deploy” was off');
        }
        self.result = deployment;
        self.phase = 'done';
      }

      function fleetDevices() {
        return self.fleet && self.fleet.deployment && self.fleet.deployment.devices || [];
      }

      self.fleetDevices = fleetDevices;

      // A deployment's device states beside a container's: on the way, failed, left for a newer deployment.
      var DEVICE_STATE_BADGES = {
        pending: 'text-bg-light border',
        pulling: 'text-bg-info',
        starting: 'text-bg-info',
        failed: 'text-bg-danger',
        superseded: 'text-bg-secondary',
        removed: 'text-bg-secondary'
      };

      self.deviceStateBadge = function (state) {
        return DEVICE_STATE_BADGES[state] || $filter('stateBadge')(state);
      };

      // How many devices are where the deployment wants them (or have left it for a newer one).
      self.arrived = function () {
        var wanted = self.fleet && self.fleet.deployment && self.fleet.deployment.state;
        return fleetDevices().filter(function (device) {
          return device.state === wanted || device.state === 'superseded';
        }).length;
      };

      function settled(deployment) {
        return (deployment.devices || []).every(function (device) {
          return SETTLED.indexOf(device.state) >= 0 || (device.state === 'pending' && device.step === 'device');
        });
      }

      // The "Run on the devices" step as the deployment's devices are now.
      function showDevices() {
        var deploy = step('deploy');
        var all = fleetDevices();
        var failed = all.filter(function (device) {
          return device.state === 'failed';
        }).length;
        var offline = all.filter(function (device) {
          return device.state === 'pending' && device.step === 'device';
        }).length;
        if (!all.length) {
          deploy.state = 'done';
          deploy.note = 'no device now: devices that join get it';
        } else if (self.arrived() === all.length) {
          deploy.state = 'done';
          deploy.note = all.length === 1 ? 'the device is there' : 'all ' + all.length + ' devices are there';
        } else if (failed) {
          deploy.state = 'failed';
          deploy.note = failed + ' of ' + all.length + ' failed';
        } else if (pollTimer) {
          deploy.state = 'active';
          deploy.note = self.arrived() + ' of ' + all.length + ' there';
        } else {
          deploy.state = 'pending';
          deploy.note = self.arrived() + ' of ' + all.length + ' there' +
            (offline ? '; ' + offline + ' offline, they get it when they are back' : '');
        }
      }

      function poll(application, id, deadline) {
        var deploy = self.sent;
        pollTimer = $timeout(function () {
          $http.get('api/applications/' + encodeURIComponent(application) + '/deployments/' + encodeURIComponent(id),
            { problemInline: true }).then(function (response) {
            if (deploy !== self.sent) {
              return; // the form has sent another deploy meanwhile
            }
            self.fleet.deployment = response.data;
            if (settled(response.data) || Date.now() > deadline) {
              pollTimer = null;
            } else {
              poll(application, id, deadline);
            }
            showDevices();
          }, function () {
            if (deploy === self.sent) {
              // the last answer stands; a failed poll is not tried again
              pollTimer = null;
              showDevices();
            }
          });
        }, POLL_EVERY);
      }

      function fleetSucceeded(answer) {
        timed(answer.steps || {});
        var release = answer.release || {};
        if (release.created === false) {
          skip('build', 'skipped — release ' + release.number + ' has this file and these settings');
          skip('push', 'skipped — release ' + release.number + ' is in the registry');
        } else {
          if (answer.built === false) {
            skip('build', 'skipped — already in the registry');
          }
          if (answer.pushed === false) {
            skip('push', 'skipped — already in the registry');
          } else {
            pushNote(answer);
          }
        }
        step('release').note = 'release ' + release.number + (release.created === false ? ', unchanged' : ', new');
        self.fleet = answer;
        self.phase = 'done';
        var deployment = answer.deployment;
        if (deployment && deployment.id !== undefined && !answer.complete && !settled(deployment)) {
          poll(release.application || self.form.containerName.trim(), deployment.id, Date.now() + POLL_FOR);
        }
        showDevices();
      }

      function failed(problem, steps) {
        var key = problem.step && FLEET_STEP_SHOWN_AS[problem.step] && steps === FLEET_STEPS ?
          FLEET_STEP_SHOWN_AS[problem.step] : problem.step;
        var failedAt = key ? steps.map(function (candidate) {
          return candidate.key;
        }).indexOf(key) : -1;
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
        self.problemFields = {};
        self.phase = 'failed';
      }

      // --- problems at their fields

      // The field a refused deploy names ({@code field}: tags, group, note, env, ports, capAdd, …).
      self.problemAbout = function (field) {
        if (self.problem && self.problem.field === field && !(self.problemFields || {})[field]) {
          return self.problem;
        }
        return null;
      };

      // What the server said about a field no longer applies once it is changed.
      self.fieldChanged = function (field) {
        if (self.problem && self.problem.field === field) {
          self.problemFields = self.problemFields || {};
          self.problemFields[field] = true;
        }
      };

      // The policy's refusal of one setting (403 "Container setting not allowed", one entry per setting).
      self.violationsOf = function (field) {
        return listed(self.problem && self.problem.violations).filter(function (violation) {
          return violation.field === field;
        });
      };

      // --- submit

      function focusFirstInvalid() {
        // The submit button is at the bottom; the first field to correct may be far above it.
        $timeout(function () {
          var invalid = $element[0].querySelector('.is-invalid');
          if (invalid) {
            invalid.focus();
          }
        }, 0, false);
      }

      self.submit = function (form) {
        form.$setSubmitted();
        self.submitted = true;
        if (self.busy()) {
          return;
        }
        if (self.target.kind === 'tags' && selector() &&
            (!self.preview || self.preview.selector !== selector() || self.previewing)) {
          // the selector is checked first, as the server would check it; then the form is sent if it may be
          var checking = previewPending || self.previewNow();
          if (checking) {
            checking.then(function () {
              self.submit(form);
            });
            return;
          }
        }
        if (!valid(form)) {
          focusFirstInvalid();
          return;
        }
        send();
      };

      function send() {
        var startAsked = self.form.start;
        var fleet = self.isFleet();
        var steps = fleet ? FLEET_STEPS : DEVICE_STEPS;
        if (pollTimer) {
          $timeout.cancel(pollTimer);
          pollTimer = null;
        }
        self.sent++;
        self.problem = null;
        self.problemFields = {};
        self.result = null;
        self.fleet = null;
        self.sentTarget = angular.copy(self.target);
        self.sentTarget.tags = selector();
        self.progress = 0;
        self.steps = steps.map(function (candidate) {
          return angular.extend({ state: 'pending', millis: null, note: null }, candidate);
        });
        if (!startAsked && !fleet) {
          skip('start', 'not started — “Start after deploy” was off');
        }
        step('upload').state = 'active';
        self.phase = 'uploading';
        startTicker();
        var onProgress = function (percent) {
          self.progress = percent;
        };
        var sending = fleet ? uploadToFleet(formData(), onProgress, uploaded) :
          api.deploy(self.target.deviceId, formData(), onProgress, uploaded);
        sending.then(function (answer) {
          uploaded();
          if (fleet) {
            fleetSucceeded(answer || {});
          } else {
            succeeded(answer || {}, startAsked);
          }
        }, function (rejection) {
          failed(rejection.problem, steps);
        }).finally(stopTicker);
      }

      self.$onInit = function () {
        if (self.routeDeviceId) {
          api.device(self.routeDeviceId).then(function (device) {
            self.device = device;
          });
        }
        api.devices().then(function (devices) {
          self.devices = devices || [];
          if (!self.target.deviceId && self.devices.length === 1) {
            self.target.deviceId = String(self.devices[0].id);
          }
        });
        api.groups().then(function (groups) {
          self.groups = groups || [];
        });
        loadPolicy();
        if (self.target.kind === 'tags' && selector()) {
          self.previewNow();
        }
      };

      self.$onDestroy = function () {
        if (ticker) {
          $interval.cancel(ticker);
        }
        $timeout.cancel(previewTimer);
        $timeout.cancel(pollTimer);
        pollTimer = null;
        previewRequest++;
      };
    }]);
