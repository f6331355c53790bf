'use strict';

/* How numbers, times and states read on the dashboard. */
angular.module('iotDeploy')

  // 1073741824 -> "1.0 GiB"
  .filter('bytes', [function () {
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    return function (value) {
      if (value === null || value === undefined || value === '' || isNaN(value)) {
        return '–';
      }
      var number = Number(value);
      var unit = 0;
      while (Math.abs(number) >= 1024 && unit < units.length - 1) {
        number /= 1024;
        unit++;
      }
      return (unit === 0 ? number : number.toFixed(1)) + ' ' + units[unit];
    };
  }])

  // 12.345 -> "12.3 %"
  .filter('percent', [function () {
    return function (value) {
      if (value === null || value === undefined || value === '' || isNaN(value)) {
        return '–';
      }
      return Number(value).toFixed(1) + ' %';
    };
  }])

  // 1234 (ms) -> "1.23 s", 87 -> "87 ms"
  .filter('millis', [function () {
    return function (value) {
      if (value === null || value === undefined || isNaN(value)) {
        return '';
      }
      var ms = Number(value);
      if (ms < 1000) {
        return Math.round(ms) + ' ms';
      }
      if (ms < 60000) {
        return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
      }
      return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
    };
  }])

  // Docker's epoch seconds, epoch milliseconds or an ISO-8601 string -> local date and time
  .filter('timestamp', ['$filter', function ($filter) {
    var date = $filter('date');
    return function (value) {
      if (value === null || value === undefined || value === '') {
        return '–';
      }
      if (typeof value === 'number' || /^\d+$/.test(value)) {
        var number = Number(value);
        value = number < 1e12 ? number * 1000 : number;
      }
      var formatted = date(value, 'yyyy-MM-dd HH:mm:ss');
      return formatted || String(value);
    };
  }])

  // A state word -> the Bootstrap badge colour; the word itself is always shown next to it.
  .filter('stateBadge', [function () {
    var colours = {
      online: 'text-bg-success',
      running: 'text-bg-success',
      paused: 'text-bg-warning',
      restarting: 'text-bg-info',
      offline: 'text-bg-danger',
      dead: 'text-bg-danger',
      exited: 'text-bg-secondary',
      stopped: 'text-bg-secondary',
      created: 'text-bg-secondary',
      unknown: 'text-bg-secondary'
    };
    return function (state) {
      return colours[String(state || 'unknown').toLowerCase()] || 'text-bg-dark';
    };
  }])

  // 1, 'device' -> "1 device"; 3, 'device' -> "3 devices"
  .filter('count', [function () {
    return function (value, noun) {
      var number = Number(value) || 0;
      return number + ' ' + noun + (number === 1 ? '' : 's');
    };
  }])

  // For path segments in links: a container name → its URL-encoded form
  .filter('encodeUri', [function () {
    return function (value) {
      return encodeURIComponent(value === undefined || value === null ? '' : value);
    };
  }])

  // A container's port list -> "8080→8000/tcp, 9090→9090/tcp" or "host network"
  .filter('containerPorts', [function () {
    return function (container) {
      if (!container) {
        return '';
      }
      if (container.networkMode === 'host') {
        return 'host network';
      }
      var ports = (container.ports || []).map(function (port) {
        var text = port.hostPort ? port.hostPort + '→' + port.containerPort : String(port.containerPort);
        return text + (port.protocol && port.protocol !== 'tcp' ? '/' + port.protocol : '');
      });
      // Docker lists a binding once per address family.
      ports = ports.filter(function (text, index) {
        return ports.indexOf(text) === index;
      });
      return ports.length ? ports.join(', ') : 'none';
    };
  }]);
