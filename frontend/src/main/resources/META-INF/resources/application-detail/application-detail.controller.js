'use strict';

/*
 * One application: its releases (each marked with the devices that run it), where it is on each device (polled
 * while the page is open), its latest deployments, and what a user does with it: deploy a release to a device, a
 * group or a tag selector; roll back; stop, pause or start; undeploy. Each of these is a new deployment (desired
 * state) that the reconciler carries out; the page shows the devices getting there.
 */
angular.module('iotDeploy')
  .controller('ApplicationDetailController', ['$q', '$timeout', 'api', 'applicationApi', 'hashRoutes', 'problemDetails',
    function ($q, $timeout, api, applicationApi, hashRoutes, problemDetails) {
      var self = this;
      // Devices move through pulling and starting in seconds: often enough to see that, seldom enough for a fleet.
      var POLL_INTERVAL = 3000;
      var PREVIEW_DELAY = 400;
      var DEPLOYMENTS_SHOWN = 10;
      var pollTimer = null;
      var destroyed = false;
      // Only the newest answer of each kind is shown: a poll that was on its way when an action refreshed is stale.
      var placementsRequest = 0;
      var deploymentsRequest = 0;
      var previewTimer = null;
      var previewRequest = 0;

      self.name = hashRoutes.params.name;
      self.application = null;
      self.notFound = false;
      self.failed = false;
      self.releases = null;
      self.placements = null;
      self.deployments = null;
      self.deploymentsShown = DEPLOYMENTS_SHOWN;
      // By release number: the placements of the devices that run it (see applicationApi.releasesInUse).
      self.runningOn = {};
      self.current = null;
      self.previous = null;
      self.others = [];
      self.pollProblem = null;
      self.updatedAt = null;
      // The action under way ('rollback', 'running', 'stopped', 'paused', 'removed'); the deployment the last one made.
      self.busy = null;
      self.done = null;
      self.confirmingUndeploy = false;
      // The deploy dialog's fields while it is open, else null.
      self.dialog = null;
      self.dialogProblem = null;
      self.sending = false;
      self.preview = null;
      self.previewing = false;
      self.devices = null;
      self.groups = null;
      self.states = [
        { value: 'running', label: 'running' },
        { value: 'stopped', label: 'stopped (created, not running)' },
        { value: 'paused', label: 'paused (its processes frozen)' }
      ];

      // --- what the server said, made ready for the page once per answer (never per digest)

      // A release's settings in a few words: what a user compares between releases. Environment values may be
      // secrets: only their keys are named.
      function keySettings(settings) {
        var words = [];
        if (!settings) {
          return words;
        }
        words.push({ label: settings.baseImage, title: 'base image' });
        words.push({ label: settings.ports && settings.ports.length ? 'ports ' + settings.ports.join(', ') : 'no ports',
          title: 'published ports, host:container/protocol' });
        if (settings.networkMode && settings.networkMode !== 'bridge') {
          words.push({ label: 'network ' + settings.networkMode, title: 'network mode' });
        }
        if (settings.env && settings.env.length) {
          words.push({ label: settings.env.length === 1 ? '1 env' : settings.env.length + ' env',
            title: 'environment: ' + settings.env.map(function (entry) {
              return String(entry).split('=')[0];
            }).join(', ') });
        }
        if (settings.runCommands && settings.runCommands.length) {
          words.push({ label: settings.runCommands.length + ' RUN', title: settings.runCommands.join('\n') });
        }
        if (settings.healthCheck) {
          words.push({ label: 'health ' + settings.healthCheck, title: 'health check every ' + settings.healthInterval
            + ', timeout ' + settings.healthTimeout + ', ' + settings.healthRetries + ' failures in a row after a grace of '
            + settings.healthStartPeriod });
        }
        ['privileged', 'hostPid', 'hostIpc'].forEach(function (flag) {
          if (settings[flag]) {
            words.push({ label: flag, title: 'policy-gated setting', warning: true });
          }
        });
        ['capAdd', 'devices', 'binds'].forEach(function (list) {
          if (settings[list] && settings[list].length) {
            words.push({ label: list + ' ' + settings[list].join(', '), title: 'policy-gated setting', warning: true });
          }
        });
        return words;
      }

      function setReleases(releases) {
        self.releases = (releases || []).map(function (release) {
          release.shortSha256 = String(release.artifact && release.artifact.sha256 || '').substring(0, 12);
          release.keySettings = keySettings(release.settings);
          release.platforms = (release.images || []).map(function (image) {
            return image.platform;
          }).join(', ');
          return release;
        });
        decide();
      }

      function setPlacements(placements) {
        self.placements = placements || [];
        var runningOn = {};
        applicationApi.releasesInUse(self.placements).forEach(function (use) {
          runningOn[use.release] = use.placements;
        });
        self.runningOn = runningOn;
        decide();
      }

      function setDeployments(deployments) {
        self.deployments = (deployments || []).map(function (deployment) {
          deployment.summaryText = Object.keys(deployment.summary || {}).sort().map(function (state) {
            return deployment.summary[state] + ' ' + state;
          }).join(', ');
          return deployment;
        });
        decide();
      }

      /*
       * What the one-click actions act on. The current deployment is the newest one that still has devices (it
       * selected them, no newer deployment took them over, the application is not removed from them) and names a
       * release: the last change of what runs, which is what a roll back undoes and a stop or an undeploy is about.
       * Its target is taken as it is stored (a group or a selector is resolved anew, so devices that joined since
       * are included). Devices that older deployments still have (a device stopped by hand, another target) are
       * left as they are and named on the page; the deploy dialog reaches them.
       *
       * Roll back deploys the previous release, the newest one numbered below the current deployment's, in the
       * current deployment's state: rolling back from 3 goes to 2, and once more to 1 (never back up to 3, as
       * "the release that ran before" would after a first roll back). The deployment's state stays: a stopped
       * application rolled back is the older release, stopped.
       */
      function decide() {
        var held = {};
        (self.placements || []).forEach(function (placement) {
          if (placement.state !== 'removed' && placement.release !== null && placement.release !== undefined) {
            held[placement.deployment] = (held[placement.deployment] || 0) + 1;
          }
        });
        var current = null;
        (self.deployments || []).forEach(function (deployment) {
          if (held[deployment.id] && deployment.release !== null && (!current || deployment.id > current.id)) {
            current = deployment;
          }
        });
        self.current = current;
        self.currentDevices = current ? held[current.id] : 0;
        self.others = Object.keys(held).map(Number).filter(function (id) {
          return !current || id !== current.id;
        }).sort(function (a, b) {
          return a - b;
        }).map(function (id) {
          return { id: id, devices: held[id] };
        });
        self.previous = null;
        if (current && self.releases) {
          self.releases.forEach(function (release) {
            if (release.number < current.release && (!self.previous || release.number > self.previous.number)) {
              self.previous = release;
            }
          });
        }
      }

      // --- loading, and polling while the page is open

      // inline: a poll's load, whose failure the page shows beside the devices instead of as an alert
      self.loadReleases = function (inline) {
        return applicationApi.releases(self.name, inline).then(setReleases);
      };

      self.loadDeployments = function (inline) {
        var request = ++deploymentsRequest;
        return applicationApi.deployments(self.name, inline).then(function (deployments) {
          if (request === deploymentsRequest) {
            setDeployments(deployments);
          }
        });
      };

      // What changed beyond the devices' states: the deployments are read again when a device moved (their
      // summaries changed, or a new one has it: this page's action, a pipeline's upload, a container stopped by
      // hand), a release the page does not know yet is loaded once (an upload made it).
      function followChanges(moved) {
        var numbers = {};
        (self.releases || []).forEach(function (release) {
          numbers[release.number] = true;
        });
        var loads = [];
        if (self.deployments && moved) {
          loads.push(self.loadDeployments(true));
        }
        var newRelease = (self.placements || []).some(function (placement) {
          return placement.release !== null && placement.release !== undefined && !numbers[placement.release];
        });
        if (self.releases && newRelease) {
          loads.push(self.loadReleases(true));
        }
        return $q.all(loads).catch(function (response) {
          self.pollProblem = problemDetails.fromResponse(response);
        });
      }

      // Which deployment has each device, in which state: what a poll compares with the one before.
      function where(placements) {
        return (placements || []).map(function (placement) {
          return placement.deviceId + ':' + placement.deployment + ':' + placement.state;
        }).join(',');
      }

      function loadPlacements() {
        var request = ++placementsRequest;
        return applicationApi.placements(self.name, true).then(function (placements) {
          if (request !== placementsRequest) {
            return;
          }
          var moved = where(placements) !== where(self.placements);
          setPlacements(placements);
          self.pollProblem = null;
          self.updatedAt = new Date();
          return followChanges(moved);
        }, function (response) {
          if (request === placementsRequest) {
            self.pollProblem = problemDetails.fromResponse(response);
          }
        });
      }

      function schedulePoll() {
        $timeout.cancel(pollTimer);
        if (!destroyed) {
          pollTimer = $timeout(poll, POLL_INTERVAL);
        }
      }

      // One poll at a time: the next is due an interval after this one answered, however slow the gateway is.
      function poll() {
        pollTimer = null;
        loadPlacements().finally(schedulePoll);
      }

      self.load = function () {
        self.loading = true;
        return applicationApi.application(self.name).then(function (application) {
          self.application = application;
          self.failed = false;
          self.notFound = false;
          return $q.all([self.loadReleases(), self.loadDeployments(), loadPlacements()]);
        }, function (response) {
          self.notFound = response.status === 404;
          self.failed = !self.application;
        }).finally(function () {
          self.loading = false;
          if (self.application && !pollTimer) {
            schedulePoll();
          }
        });
      };

      // After an action: what it changed, at once, rather than at the next poll.
      function refreshNow() {
        return $q.all([self.loadDeployments(), loadPlacements()]).finally(schedulePoll);
      }

      // --- the one-click actions, on the current deployment's target

      // The stored target ({kind, value}) as a request names it.
      function targetOf(deployment) {
        var target = {};
        target[deployment.target.kind] = deployment.target.kind === 'device' ? Number(deployment.target.value)
          : deployment.target.value;
        return target;
      }

      // A roll back, a stop, a pause, a start or an undeploy acts now: it stops a rollout that is running, and
      // reaches every device of the target at once.
      function send(action, deployment) {
        self.busy = action;
        self.done = null;
        self.confirmingUndeploy = false;
        deployment.abort = true;
        if (deployment.state !== 'removed' && deployment.target && !deployment.target.device) {
          deployment.rollout = { strategy: 'all-at-once' };
        }
        // a refusal (release without an image for a device's platform, an unknown group) shows as the page's alert
        return applicationApi.deploy(self.name, deployment).then(function (made) {
          self.done = made;
          return refreshNow();
        }).finally(function () {
          self.busy = null;
        });
      }

      // The current deployment's rollout: pause, resume (or approve the next phase), abort with or without rolling back.
      self.rolling = function () {
        var rollout = self.current && self.current.rollout;
        return !!rollout && ['running', 'waiting', 'paused'].indexOf(rollout.status) >= 0;
      };

      self.controlRollout = function (action, rollBack) {
        var current = self.current;
        if (!current || !current.rollout) {
          return;
        }
        self.busy = 'rollout-' + action;
        applicationApi.rollout(self.name, current.id, action, action === 'abort' ? { rollBack: !!rollBack } : {})
          .then(function () {
            return refreshNow();
          }).finally(function () {
            self.busy = null;
          });
      };

      self.rolloutBadge = function (status) {
        return {
          running: 'text-bg-primary', waiting: 'text-bg-info', paused: 'text-bg-secondary', finished: 'text-bg-success',
          'rolled-back': 'text-bg-danger', aborted: 'text-bg-warning'
        }[status] || 'text-bg-light';
      };

      self.rollBackTitle = function () {
        if (!self.current) {
          return '';
        }
        return self.previous ? 'Deploys release ' + self.previous.number + ' to ' + self.targetText(self.current.target) +
          ', ' + self.current.state : 'No release before release ' + self.current.release;
      };

      self.canAct = function () {
        return !!self.current && !self.busy;
      };

      self.rollBack = function () {
        var current = self.current;
        if (!current || !self.previous) {
          return;
        }
        send('rollback', {
          release: self.previous.number,
          target: targetOf(current),
          state: current.state,
          note: 'roll back from release ' + current.release + ' (deployment ' + current.id + ')'
        });
      };

      // Stop, pause or start: the current release on the current target, in another state.
      self.changeState = function (state) {
        var current = self.current;
        if (current && current.state !== state) {
          send(state, { release: current.release, target: targetOf(current), state: state });
        }
      };

      self.askUndeploy = function () {
        self.confirmingUndeploy = true;
      };

      self.cancelUndeploy = function () {
        self.confirmingUndeploy = false;
      };

      self.undeploy = function () {
        if (self.current) {
          send('removed', { target: targetOf(self.current), state: 'removed' });
        }
      };

      self.targetText = function (target) {
        if (!target) {
          return '';
        }
        return target.kind === 'device' ? 'device ' + self.deviceName(target.value) : target.kind + ' ' + target.value;
      };

      // A device's name, from its placement (or the deploy dialog's list) when the page has it, else its id.
      self.deviceName = function (id) {
        var name = null;
        (self.placements || []).concat(self.devices || []).forEach(function (device) {
          if (!name && String(device.deviceId !== undefined ? device.deviceId : device.id) === String(id)) {
            name = device.device || device.name || null;
          }
        });
        return name || String(id);
      };

      // A device's state (pending, pulling, …, failed, removed) -> its Bootstrap badge colour.
      var badges = {
        running: 'text-bg-success',
        pending: 'text-bg-info',
        pulling: 'text-bg-primary',
        starting: 'text-bg-primary',
        paused: 'text-bg-warning',
        stopped: 'text-bg-secondary',
        removed: 'text-bg-light border',
        failed: 'text-bg-danger',
        superseded: 'text-bg-light border'
      };

      self.stateBadge = function (state) {
        return badges[state] || 'text-bg-dark';
      };

      // --- the deploy dialog

      self.openDeploy = function (release) {
        var newest = self.releases && self.releases[0];
        var chosen = release || newest;
        var current = self.current;
        // the current deployment's target unless the user chooses another: deploying anew mostly means "there"
        self.dialog = {
          release: chosen ? String(chosen.number) : '',
          kind: current ? current.target.kind : 'device',
          device: current && current.target.kind === 'device' ? current.target.value : '',
          group: current && current.target.kind === 'group' ? current.target.value : '',
          selector: current && current.target.kind === 'selector' ? current.target.value : '',
          state: 'running',
          note: ''
        };
        self.dialogProblem = null;
        self.preview = null;
        self.done = null;
        self.confirmingUndeploy = false;
        self.loadTargets();
        if (self.dialog.selector) {
          self.previewNow();
        }
      };

      self.closeDeploy = function () {
        self.dialog = null;
        self.dialogProblem = null;
        self.preview = null;
        $timeout.cancel(previewTimer);
        previewRequest++;
      };

      self.loadTargets = function () {
        self.targetsFailed = false;
        $q.all([api.devices(), api.groups()]).then(function (answers) {
          self.devices = answers[0] || [];
          self.groups = answers[1] || [];
        }, function () {
          self.targetsFailed = true;
        });
      };

      self.groupsPrompt = function () {
        if (!self.groups) {
          return 'Loading your groups…';
        }
        return self.groups.length ? 'Choose a group' : 'You have no groups yet';
      };

      // Which field of the dialog a problem is about: the one its `field` names; for machine-service's answers
      // about the target (unknown group or device, a malformed selector), the kind of target it names.
      function fieldOf(problem) {
        var field = String(problem.field || '');
        if (field === 'release' || problem.title === 'Unknown release') {
          return 'release';
        }
        if (field === 'selector' || field === 'target.selector') {
          return 'selector';
        }
        if (field === 'target.device') {
          return 'device';
        }
        if (field === 'target.group') {
          return 'group';
        }
        if (field === 'state' || field === 'note') {
          return field;
        }
        if (field === 'target' || (problem.step === 'target' && problem.status < 500)) {
          var kind = String(problem.target || '').split(' ')[0];
          return kind === 'device' || kind === 'group' || kind === 'selector' ? kind : self.dialog.kind;
        }
        return 'form';
      }

      // The problem to show next to `field`: the last submit's, or for the selector, its preview's.
      self.problemAbout = function (field) {
        if (self.dialogProblem && fieldOf(self.dialogProblem) === field) {
          return self.dialogProblem;
        }
        if (field === 'selector' && self.preview && self.preview.problem && !self.previewing) {
          return self.preview.problem;
        }
        return null;
      };

      // What the server said about a field's earlier value no longer applies once it is changed.
      self.fieldChanged = function (field) {
        if (self.dialogProblem && (fieldOf(self.dialogProblem) === field || fieldOf(self.dialogProblem) === 'form')) {
          self.dialogProblem = null;
        }
      };

      self.kindChanged = function () {
        self.dialogProblem = null;
        if (self.dialog.kind === 'selector' && self.dialog.selector) {
          self.previewNow();
        }
      };

      self.selectorChanged = function () {
        self.fieldChanged('selector');
        $timeout.cancel(previewTimer);
        previewTimer = $timeout(self.previewNow, PREVIEW_DELAY);
      };

      // The grammar is machine-service's (TagSelector): its answer is the check, as in the group form.
      self.previewNow = function () {
        $timeout.cancel(previewTimer);
        var selector = String(self.dialog && self.dialog.selector || '').trim();
        var request = ++previewRequest;
        if (!selector) {
          self.preview = null;
          self.previewing = false;
          return;
        }
        self.previewing = true;
        api.selectDevices(selector).then(function (devices) {
          if (request === previewRequest) {
            self.preview = { selector: selector, devices: devices || [] };
          }
        }, function (response) {
          if (request === previewRequest) {
            self.preview = { selector: selector, problem: problemDetails.fromResponse(response) };
          }
        }).finally(function () {
          if (request === previewRequest) {
            self.previewing = false;
          }
        });
      };

      self.submitDeploy = function (form) {
        form.$setSubmitted();
        if (form.$invalid) {
          return;
        }
        var dialog = self.dialog;
        var target = {};
        if (dialog.kind === 'device') {
          target.device = Number(dialog.device);
        } else if (dialog.kind === 'group') {
          target.group = dialog.group;
        } else {
          target.selector = String(dialog.selector || '').trim();
        }
        var deployment = { release: Number(dialog.release), target: target, state: dialog.state };
        if (dialog.note && dialog.note.trim()) {
          deployment.note = dialog.note.trim();
        }
        self.sending = true;
        self.dialogProblem = null;
        applicationApi.deploy(self.name, deployment, true).then(function (made) {
          self.closeDeploy();
          self.done = made;
          return refreshNow();
        }, function (response) {
          self.dialogProblem = problemDetails.fromResponse(response);
        }).finally(function () {
          self.sending = false;
        });
      };

      self.$onInit = function () {
        self.load();
      };

      self.$onDestroy = function () {
        destroyed = true;
        $timeout.cancel(pollTimer);
        $timeout.cancel(previewTimer);
        placementsRequest++;
        previewRequest++;
      };
    }]);
