'use strict';

/*
 * Tags ({"site":"basement"}) as the rows that <tag-editor> edits ([{key, value}]) and back. The grammar of keys
 * and values is the server's (machine-service's DeviceTags); only what a JSON object cannot say, a key given
 * twice, is checked here.
 */
angular.module('iotDeploy')
  .factory('tagRows', [function () {
    // The server sends them sorted by key; the rows keep that order.
    function fromTags(tags) {
      return Object.keys(tags || {}).sort().map(function (key) {
        return { key: key, value: tags[key] };
      });
    }

    // -> {tags, count, problem}: problem (shaped as the server's "Invalid tags") when a key is given twice.
    function toTags(rows) {
      var tags = {};
      var count = 0;
      var twice = null;
      (rows || []).forEach(function (row) {
        var key = String(row.key || '').trim();
        var value = String(row.value || '').trim();
        if (!key && !value) {
          return;
        }
        if (Object.prototype.hasOwnProperty.call(tags, key)) {
          twice = twice === null ? key : twice;
        } else {
          count++;
        }
        tags[key] = value;
      });
      var problem = twice === null ? null : {
        title: 'Invalid tags',
        detail: "tags: '" + twice + "' is given twice; a key has one value.",
        field: 'tags',
        tag: twice
      };
      return { tags: tags, count: count, problem: problem };
    }

    return { fromTags: fromTags, toTags: toTags };
  }]);
